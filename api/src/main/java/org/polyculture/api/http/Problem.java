package org.polyculture.api.http;

import java.util.List;
import java.util.Optional;

/**
 * An RFC 9457 problem detail, the body of every error: {@code type} (a URI naming the problem kind,
 * documented in docs/api.md), {@code title}, {@code status}, {@code detail} for this occurrence,
 * {@code instance} (the request path), and for invalid input the {@code errors} per field; {@code
 * reason} is the machine-readable reason of a refused relay.
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    Optional<String> reason,
    List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** Where the problem types are described; a type is this plus a slug. */
  public static final String TYPE_BASE = "https://polyculture.org/problems/";

  public Problem {
    errors = List.copyOf(errors);
  }

  /** One invalid input: the field (a JSON pointer-like dotted path, or a parameter name). */
  public record FieldError(String field, String message) {}
}
