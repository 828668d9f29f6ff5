package org.polyculture.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Problem;

/**
 * The OpenAPI 3.1 document of the API, built from the endpoints' own specs and the records they
 * answer with (Javalin's OpenAPI plugin has no release for Javalin 7 on Maven Central; this is the
 * small part of it the API needs).
 */
public final class OpenApiDocument {

  private OpenApiDocument() {}

  public static Map<String, Object> of(String title, String version, List<EndpointSpec> specs) {
    SchemaGenerator schemas = new SchemaGenerator();
    Map<String, Object> problem = schemas.schemaOf(Problem.class);
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    for (EndpointSpec spec : specs) {
      Map<String, Object> operation = new LinkedHashMap<>();
      operation.put("operationId", spec.operationId());
      operation.put("tags", List.of(spec.tag()));
      operation.put("summary", spec.summary());
      if (!spec.description().isEmpty()) {
        operation.put("description", spec.description());
      }
      List<Map<String, Object>> parameters = new ArrayList<>();
      for (EndpointSpec.Parameter parameter : spec.parameters()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", parameter.name());
        entry.put("in", parameter.inPath() ? "path" : "query");
        entry.put("required", parameter.required());
        entry.put("description", parameter.description());
        entry.put("schema", parameterSchema(parameter.type()));
        parameters.add(entry);
      }
      if (!parameters.isEmpty()) {
        operation.put("parameters", parameters);
      }
      spec.requestBody()
          .ifPresent(
              body ->
                  operation.put(
                      "requestBody",
                      Map.of(
                          "required",
                          true,
                          "content",
                          Map.of("application/json", Map.of("schema", schemas.schemaOf(body))))));
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put(
          "200",
          Map.of(
              "description",
              "OK",
              "content",
              Map.of("application/json", Map.of("schema", schemas.schemaOf(spec.response())))));
      for (int status : spec.errorStatuses()) {
        responses.put(
            Integer.toString(status),
            Map.of(
                "description",
                reason(status),
                "content",
                Map.of(Problem.CONTENT_TYPE, Map.of("schema", problem))));
      }
      operation.put("responses", responses);
      paths
          .computeIfAbsent(spec.path(), p -> new TreeMap<>())
          .put(spec.method().name().toLowerCase(Locale.ROOT), operation);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put(
        "info",
        Map.of(
            "title",
            title,
            "version",
            version,
            "description",
            "Read models of the Polyculture commons (proposals, jobs, workers, verifiers, treasury)"
                + " and relays for signed votes and delegations. Errors are RFC 9457 problem"
                + " details. Amounts are token base units (18 decimals) as decimal strings."));
    document.put("paths", paths);
    document.put("components", Map.of("schemas", schemas.components()));
    return document;
  }

  private static Map<String, Object> parameterSchema(String type) {
    return switch (type) {
      case "uint256" ->
          Map.of("type", "string", "pattern", "^(0|[1-9][0-9]{0,77})$", "description", "uint256");
      case "address" -> Map.of("type", "string", "pattern", "^0x[0-9a-fA-F]{40}$");
      case "hash" -> Map.of("type", "string", "pattern", "^0x[0-9a-fA-F]{64}$");
      case "integer" -> Map.of("type", "integer", "minimum", 0);
      case "string" -> Map.of("type", "string");
      default -> {
        if (type.startsWith("enum:")) {
          yield Map.of("type", "string", "enum", List.of(type.substring(5).split(",")));
        }
        throw new IllegalArgumentException("unknown parameter type " + type);
      }
    };
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Invalid request";
      case 403 -> "Signature is not the signer's";
      case 404 -> "Not found";
      case 409 -> "Refused: the chain's state does not allow it";
      case 413 -> "Request body too large";
      case 415 -> "Not JSON";
      case 422 -> "Refused: well-formed but not acceptable";
      case 429 -> "Rate limited";
      case 500 -> "Internal error";
      case 503 -> "Unavailable or busy";
      default -> "Error";
    };
  }
}
