package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.index.SlashRecord;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ParticipantReads;

/** {@code GET /v1/slashes}: stake taken from workers and jurors, newest first. */
public final class GetSlashes implements ApiEndpoint {

  private final ParticipantReads participants;

  public GetSlashes(ParticipantReads participants) {
    this.participants = participants;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/slashes", "getSlashes")
        .tag("network")
        .summary("Slashes, newest first")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "1-100 (default 20)")
        .response(Types.page(SlashRecord.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        participants.slashes(
            Params.queryLong(ctx, "before", 1, Long.MAX_VALUE), Params.limit(ctx, 20, 100)));
  }
}
