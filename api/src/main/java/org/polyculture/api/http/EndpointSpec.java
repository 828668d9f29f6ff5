package org.polyculture.api.http;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an endpoint is, for routing and for the OpenAPI document: its method and path (Javalin's
 * {@code {param}} syntax, which is OpenAPI's too), summary and description, parameters, request and
 * response body types (records, described by their components), the error statuses it answers, and
 * whether it changes state (writes have a stricter rate limit).
 */
public record EndpointSpec(
    Method method,
    String path,
    String operationId,
    String tag,
    String summary,
    String description,
    List<Parameter> parameters,
    Optional<Type> requestBody,
    Type response,
    List<Integer> errorStatuses,
    boolean write) {

  /** HTTP methods the API uses. */
  public enum Method {
    GET,
    POST
  }

  public EndpointSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    parameters = List.copyOf(parameters);
    errorStatuses = List.copyOf(errorStatuses);
  }

  public static Builder get(String path, String operationId) {
    return new Builder(Method.GET, path, operationId);
  }

  public static Builder post(String path, String operationId) {
    return new Builder(Method.POST, path, operationId).write();
  }

  /** A path or query parameter. */
  public record Parameter(
      String name, boolean inPath, boolean required, String type, String description) {}

  /** Builds a spec; the summary and response are required. */
  public static final class Builder {
    private final Method method;
    private final String path;
    private final String operationId;
    private String tag = "misc";
    private String summary;
    private String description = "";
    private final List<Parameter> parameters = new ArrayList<>();
    private Optional<Type> requestBody = Optional.empty();
    private Type response;
    private final List<Integer> errors = new ArrayList<>();
    private boolean write;

    private Builder(Method method, String path, String operationId) {
      this.method = method;
      this.path = path;
      this.operationId = operationId;
    }

    public Builder tag(String value) {
      this.tag = value;
      return this;
    }

    public Builder summary(String value) {
      this.summary = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    /** A path parameter (always required); {@code type} is an OpenAPI type or format name. */
    public Builder pathParam(String name, String type, String text) {
      parameters.add(new Parameter(name, true, true, type, text));
      return this;
    }

    public Builder queryParam(String name, String type, boolean required, String text) {
      parameters.add(new Parameter(name, false, required, type, text));
      return this;
    }

    public Builder request(Type body) {
      this.requestBody = Optional.of(body);
      return this;
    }

    public Builder response(Type body) {
      this.response = body;
      return this;
    }

    public Builder errors(Integer... statuses) {
      errors.addAll(List.of(statuses));
      return this;
    }

    Builder write() {
      this.write = true;
      return this;
    }

    public EndpointSpec build() {
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(response, "response");
      List<Integer> statuses = new ArrayList<>(errors);
      statuses.add(429);
      statuses.add(500);
      if (requestBody.isPresent()) {
        statuses.add(400);
        statuses.add(413);
        statuses.add(415);
      }
      return new EndpointSpec(
          method,
          path,
          operationId,
          tag,
          summary,
          description,
          parameters,
          requestBody,
          response,
          statuses.stream().distinct().sorted().toList(),
          write);
    }
  }
}
