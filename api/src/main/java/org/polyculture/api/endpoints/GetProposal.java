package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;

/**
 * {@code GET /v1/proposals/{id}}: a proposal with its tally, quorum progress, timeline and decoded
 * actions.
 */
public final class GetProposal implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetProposal(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/proposals/{id}", "getProposal")
        .tag("governance")
        .summary(
            "A proposal: state, votes, quorum progress, timeline, actions, and for model proposals the job and its cost")
        .pathParam("id", "uint256", "the proposal id")
        .response(ProposalViews.ProposalDetail.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(proposals.detail(Params.pathUint256(ctx, "id")));
  }
}
