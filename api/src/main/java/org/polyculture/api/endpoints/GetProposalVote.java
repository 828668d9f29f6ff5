package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;

/** {@code GET /v1/proposals/{id}/votes/{voter}}: how one account voted, if it did. */
public final class GetProposalVote implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetProposalVote(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/proposals/{id}/votes/{voter}", "getProposalVote")
        .tag("governance")
        .summary("One account's vote on a proposal (404 if it has not voted)")
        .pathParam("id", "uint256", "the proposal id")
        .pathParam("voter", "address", "the voter")
        .response(ProposalViews.Vote.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(proposals.vote(Params.pathUint256(ctx, "id"), Params.pathAddress(ctx, "voter")));
  }
}
