package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.read.NetworkReads;
import org.polyculture.api.read.NetworkViews;

/** {@code GET /v1/network}: contracts, token, governance settings, indexing, counts, stake. */
public final class GetNetwork implements ApiEndpoint {

  private final NetworkReads network;

  public GetNetwork(NetworkReads network) {
    this.network = network;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/network", "getNetwork")
        .tag("network")
        .summary("The network: contracts, token supply, governance settings, counts and stake")
        .response(NetworkViews.Network.class)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(network.network());
  }
}
