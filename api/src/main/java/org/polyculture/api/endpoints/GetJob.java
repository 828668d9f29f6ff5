package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/jobs/{id}}: a job with its terms, workers and disputes. */
public final class GetJob implements ApiEndpoint {

  private final JobReads jobs;

  public GetJob(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs/{id}", "getJob")
        .tag("jobs")
        .summary(
            "A job: terms (model, dataset, genesis), progress, workers, disputes, the proposal that created it")
        .pathParam("id", "uint256", "the job id")
        .response(JobViews.JobDetail.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(jobs.detail(Params.pathUint256(ctx, "id")));
  }
}
