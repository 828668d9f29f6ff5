package org.polyculture.api.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into a record, strictly: the content type must be JSON, and a body that
 * does not parse, has unknown fields, or has a value of the wrong type is a 400 naming the field.
 * (The size limit is enforced before the body is read, by {@link RequestLimits}.)
 */
public final class RequestBodies {

  private RequestBodies() {}

  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw ApiException.unsupportedMediaType("request bodies are application/json");
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw ApiException.malformedJson("the request has no body");
    }
    try {
      T value = ApiJson.requestMapper().readValue(body, type);
      if (value == null) {
        throw ApiException.malformedJson("the body is null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(path(e), "is not a field of this request");
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw field.isEmpty()
          ? ApiException.malformedJson("the body is not a JSON object of the expected shape")
          : ApiException.invalid(field, "has the wrong type or is missing");
    } catch (StreamConstraintsException e) {
      throw ApiException.malformedJson(
          "the body exceeds the JSON limits: " + e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw ApiException.malformedJson("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (JsonMappingException e) {
      String field = path(e);
      throw ApiException.invalid(field.isEmpty() ? "body" : field, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.malformedJson("the body is not valid JSON");
    } catch (IOException e) {
      throw ApiException.malformedJson("the body could not be read");
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : Integer.toString(reference.getIndex()))
        .collect(Collectors.joining("."));
  }
}
