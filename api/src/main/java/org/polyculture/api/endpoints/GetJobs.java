package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/jobs}: jobs, newest first, with their progress. */
public final class GetJobs implements ApiEndpoint {

  private final JobReads jobs;

  public GetJobs(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs", "getJobs")
        .tag("jobs")
        .summary("Jobs, newest first, with progress")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "1-100 (default 20)")
        .response(Types.page(JobViews.JobSummary.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        jobs.list(Params.queryLong(ctx, "before", 1, Long.MAX_VALUE), Params.limit(ctx, 20, 100)));
  }
}
