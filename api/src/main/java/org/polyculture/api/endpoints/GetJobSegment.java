package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/jobs/{id}/segments/{index}}: one segment and the steps verifiers audit in it. */
public final class GetJobSegment implements ApiEndpoint {

  private final JobReads jobs;

  public GetJobSegment(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs/{id}/segments/{index}", "getJobSegment")
        .tag("jobs")
        .summary(
            "A segment and its audit: the steps every verifier recomputes, from randomness fixed after the commit")
        .pathParam("id", "uint256", "the job id")
        .pathParam("index", "integer", "the segment")
        .response(JobViews.SegmentDetail.class)
        .errors(400, 404, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        jobs.segment(
            Params.pathUint256(ctx, "id"), Params.pathLong(ctx, "index", 0, 0xffff_ffffL)));
  }
}
