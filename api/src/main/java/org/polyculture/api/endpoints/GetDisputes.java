package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.JobViews;

/** {@code GET /v1/disputes}: disputes, newest first. */
public final class GetDisputes implements ApiEndpoint {

  private final JobReads jobs;

  public GetDisputes(JobReads jobs) {
    this.jobs = jobs;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/disputes", "getDisputes")
        .tag("network")
        .summary("Disputes, newest first")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "1-100 (default 20)")
        .response(Types.page(JobViews.Dispute.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        jobs.disputes(
            Params.queryLong(ctx, "before", 1, Long.MAX_VALUE), Params.limit(ctx, 20, 100)));
  }
}
