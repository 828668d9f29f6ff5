package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/**
 * {@code GET /v1/jobs/{id}/segments}: a job's segments in order, with their status and timeline.
 */
public final class GetJobSegments implements ApiEndpoint {

  private final JobReads jobs;

  public GetJobSegments(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs/{id}/segments", "getJobSegments")
        .tag("jobs")
        .summary(
            "A job's segments: status (claimed, committed, final, rewarded, or disputed and voided), worker, commitment, timeline")
        .pathParam("id", "uint256", "the job id")
        .queryParam(
            "from", "integer", false, "first segment (default 0); the next page's is in next")
        .queryParam("limit", "integer", false, "1-500 (default 100)")
        .response(Types.page(JobViews.Segment.class))
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        jobs.segments(
            Params.pathUint256(ctx, "id"),
            Params.queryLong(ctx, "from", 0, Long.MAX_VALUE).orElse(0L),
            Params.limit(ctx, 100, 500)));
  }
}
