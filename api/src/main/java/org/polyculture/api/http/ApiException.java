package org.polyculture.api.http;

import java.util.List;
import java.util.Optional;

/**
 * A request the API refuses, with the problem to answer: thrown by handlers and turned into an RFC
 * 9457 response by {@link ProblemMapper}. The factories name the problem kinds the API uses.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;
  private final transient Optional<String> reason;
  private final transient List<Problem.FieldError> errors;
  private final long retryAfterSeconds;

  private ApiException(
      int status,
      String slug,
      String title,
      String detail,
      Optional<String> reason,
      List<Problem.FieldError> errors,
      long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.reason = reason;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException invalid(List<Problem.FieldError> errors) {
    return new ApiException(
        400,
        "invalid-request",
        "Invalid request",
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid",
        Optional.empty(),
        errors,
        0);
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new Problem.FieldError(field, message)));
  }

  public static ApiException malformedJson(String detail) {
    return new ApiException(
        400, "malformed-json", "Malformed JSON", detail, Optional.empty(), List.of(), 0);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", "Not found", detail, Optional.empty(), List.of(), 0);
  }

  public static ApiException methodNotAllowed(String detail) {
    return new ApiException(
        405, "method-not-allowed", "Method not allowed", detail, Optional.empty(), List.of(), 0);
  }

  /** A signed request the chain, or the checks before it, refuses; {@code reason} says why. */
  public static ApiException refused(int status, String reason, String detail) {
    return new ApiException(
        status, "refused", "Request refused", detail, Optional.of(reason), List.of(), 0);
  }

  public static ApiException payloadTooLarge(long limit) {
    return new ApiException(
        413,
        "payload-too-large",
        "Request body too large",
        "request bodies are limited to " + limit + " bytes",
        Optional.empty(),
        List.of(),
        0);
  }

  public static ApiException unsupportedMediaType(String detail) {
    return new ApiException(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        detail,
        Optional.empty(),
        List.of(),
        0);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(
        429,
        "rate-limited",
        "Too many requests",
        "slow down: retry after " + retryAfterSeconds + " s",
        Optional.empty(),
        List.of(),
        retryAfterSeconds);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(
        503, "unavailable", "Service unavailable", detail, Optional.empty(), List.of(), 0);
  }

  public static ApiException busy(String detail) {
    return new ApiException(503, "busy", "Busy", detail, Optional.empty(), List.of(), 1);
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Problem problem(String instance) {
    return new Problem(
        Problem.TYPE_BASE + slug, title, status, getMessage(), instance, reason, errors);
  }
}
