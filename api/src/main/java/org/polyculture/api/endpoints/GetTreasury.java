package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.NetworkReads;
import org.polyculture.api.read.NetworkViews;

/** {@code GET /v1/treasury}: the treasury's balance, flows and the escrow it funded. */
public final class GetTreasury implements ApiEndpoint {

  private final NetworkReads network;

  public GetTreasury(NetworkReads network) {
    this.network = network;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/treasury", "getTreasury")
        .tag("network")
        .summary("The treasury (the timelock): balance, flows in and out, escrow of jobs")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "flows per page, 1-100 (default 20)")
        .response(NetworkViews.Treasury.class)
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        network.treasury(
            Params.queryLong(ctx, "before", 1, Long.MAX_VALUE), Params.limit(ctx, 20, 100)));
  }
}
