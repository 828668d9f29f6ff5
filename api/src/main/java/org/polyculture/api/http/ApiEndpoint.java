package org.polyculture.api.http;

import io.javalin.http.Context;

/**
 * One endpoint of the API: its OpenAPI description beside its handler (the Teku habit), so the
 * document at {@code /openapi.json} is built from the same classes that answer.
 */
public interface ApiEndpoint {

  EndpointSpec spec();

  void handle(Context ctx) throws Exception;
}
