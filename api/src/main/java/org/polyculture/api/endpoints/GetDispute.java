package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/disputes/{id}}: one dispute, its jury, votes and settlement. */
public final class GetDispute implements ApiEndpoint {

  private final JobReads jobs;

  public GetDispute(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/disputes/{id}", "getDispute")
        .tag("network")
        .summary("A dispute: the step, both hashes, the jury, votes and settlement")
        .pathParam("id", "uint256", "the dispute id")
        .response(JobViews.Dispute.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(jobs.disputeOrThrow(Params.pathUint256(ctx, "id")));
  }
}
