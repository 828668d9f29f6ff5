package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;

/** {@code GET /v1/delegates}: accounts with the most votes. */
public final class GetDelegates implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetDelegates(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/delegates", "getDelegates")
        .tag("governance")
        .summary("Delegates with the most votes")
        .queryParam("limit", "integer", false, "1-200 (default 50)")
        .response(Types.list(ProposalViews.Delegate.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(proposals.delegates(Params.limit(ctx, 50, 200)));
  }
}
