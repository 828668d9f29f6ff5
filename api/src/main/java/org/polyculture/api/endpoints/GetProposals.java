package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.util.Optional;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.ProposalState;

/** {@code GET /v1/proposals}: proposals, newest first, optionally by state. */
public final class GetProposals implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetProposals(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/proposals", "getProposals")
        .tag("governance")
        .summary("Proposals, newest first")
        .queryParam(
            "state",
            "enum:PENDING,ACTIVE,CANCELED,DEFEATED,SUCCEEDED,QUEUED,EXPIRED,EXECUTED",
            false,
            "only proposals in this state")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "1-100 (default 20)")
        .response(Types.page(ProposalViews.ProposalSummary.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    Optional<ProposalState> state =
        Params.queryEnum(
                ctx,
                "state",
                "PENDING",
                "ACTIVE",
                "CANCELED",
                "DEFEATED",
                "SUCCEEDED",
                "QUEUED",
                "EXPIRED",
                "EXECUTED")
            .map(ProposalState::valueOf);
    ctx.json(
        proposals.list(
            Params.queryLong(ctx, "before", 1, Long.MAX_VALUE), Params.limit(ctx, 20, 100), state));
  }
}
