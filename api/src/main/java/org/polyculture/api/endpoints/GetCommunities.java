package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;

/** {@code GET /v1/communities}: the communities model proposals name. */
public final class GetCommunities implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetCommunities(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/communities", "getCommunities")
        .tag("governance")
        .summary("Communities named by model proposals")
        .queryParam("limit", "integer", false, "1-500 (default 100)")
        .response(Types.list(ProposalViews.CommunitySummary.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(proposals.communities(Params.limit(ctx, 100, 500)));
  }
}
