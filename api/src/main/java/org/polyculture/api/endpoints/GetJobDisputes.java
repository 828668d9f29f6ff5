package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/jobs/{id}/disputes}: disputes about a job's segments. */
public final class GetJobDisputes implements ApiEndpoint {

  private final JobReads jobs;

  public GetJobDisputes(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs/{id}/disputes", "getJobDisputes")
        .tag("jobs")
        .summary("Disputes about a job's segments")
        .pathParam("id", "uint256", "the job id")
        .response(Types.list(JobViews.Dispute.class))
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(jobs.disputesOf(Params.pathUint256(ctx, "id")));
  }
}
