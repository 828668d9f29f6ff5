package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;

/** {@code GET /v1/proposals/{id}/votes}: a proposal's votes in the order they were cast. */
public final class GetProposalVotes implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetProposalVotes(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/proposals/{id}/votes", "getProposalVotes")
        .tag("governance")
        .summary("Votes on a proposal, in the order cast")
        .pathParam("id", "uint256", "the proposal id")
        .queryParam(
            "from", "integer", false, "page cursor from the previous page's next (default 0)")
        .queryParam("limit", "integer", false, "1-200 (default 50)")
        .response(Types.page(ProposalViews.Vote.class))
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        proposals.votes(
            Params.pathUint256(ctx, "id"),
            Params.queryLong(ctx, "from", 0, Long.MAX_VALUE).orElse(0L),
            Params.limit(ctx, 50, 200)));
  }
}
