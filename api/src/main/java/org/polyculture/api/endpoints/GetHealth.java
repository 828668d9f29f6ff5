package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.read.NetworkReads;
import org.polyculture.api.read.NetworkViews;

/** {@code GET /v1/health}: whether the server and its indexing are well. */
public final class GetHealth implements ApiEndpoint {

  private final NetworkReads network;

  public GetHealth(NetworkReads network) {
    this.network = network;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/health", "getHealth")
        .tag("network")
        .summary("Health of the server and its indexes")
        .response(NetworkViews.Health.class)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(network.health());
  }
}
