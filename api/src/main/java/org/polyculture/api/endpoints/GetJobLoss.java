package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/jobs/{id}/loss}: a job's loss curve over a range of segments. */
public final class GetJobLoss implements ApiEndpoint {

  private final JobReads jobs;

  public GetJobLoss(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/jobs/{id}/loss", "getJobLoss")
        .tag("jobs")
        .summary(
            "Loss curve: per-step losses reported by the workers of committed segments (their step hashes checked against the commitment); missing segments are fetched in the background")
        .description(
            "Answers at once from the cache; segments still being fetched are PENDING. Poll again to see them fill in.")
        .pathParam("id", "uint256", "the job id")
        .queryParam("from", "integer", false, "first segment (default 0)")
        .queryParam("limit", "integer", false, "segments, 1-2000 (default 200)")
        .queryParam(
            "per",
            "enum:step,segment",
            false,
            "step (default): every step's loss; segment: one mean per segment")
        .response(JobViews.LossCurve.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    boolean perStep = Params.queryEnum(ctx, "per", "step", "segment").orElse("step").equals("step");
    int limit = Params.limit(ctx, 200, 2_000);
    if (perStep && limit > 500) {
      throw ApiException.invalid("limit", "is at most 500 with per=step");
    }
    ctx.json(
        jobs.loss(
            Params.pathUint256(ctx, "id"),
            Params.queryLong(ctx, "from", 0, 0xffff_ffffL).orElse(0L),
            limit,
            perStep));
  }
}
