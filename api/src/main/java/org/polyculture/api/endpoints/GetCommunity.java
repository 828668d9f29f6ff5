package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.proposal.ModelProposal;

/** {@code GET /v1/communities/{slug}}: a community and its latest model proposals. */
public final class GetCommunity implements ApiEndpoint {

  private final ProposalReads proposals;

  public GetCommunity(ProposalReads proposals) {
    this.proposals = proposals;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/communities/{slug}", "getCommunity")
        .tag("governance")
        .summary("A community and its latest proposals (which link to their jobs)")
        .pathParam("slug", "string", "the community")
        .queryParam("limit", "integer", false, "proposals, 1-100 (default 20)")
        .response(ProposalViews.Community.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    String slug = ctx.pathParam("slug");
    if (!ModelProposal.COMMUNITY.matcher(slug).matches()) {
      throw ApiException.invalid("slug", "is not a community slug");
    }
    ctx.json(proposals.community(slug, Params.limit(ctx, 20, 100)));
  }
}
