package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.index.HistoryEntry;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ParticipantReads;

/** {@code GET /v1/participants/{address}/history}: a participant's events, newest first. */
public final class GetParticipantHistory implements ApiEndpoint {

  private final ParticipantReads participants;

  public GetParticipantHistory(ParticipantReads participants) {
    this.participants = participants;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/participants/{address}/history", "getParticipantHistory")
        .tag("network")
        .summary(
            "A participant's history (stake, claims, commits, rewards, slashes, disputes), newest first")
        .pathParam("address", "address", "the account")
        .queryParam("before", "integer", false, "page cursor from the previous page's next")
        .queryParam("limit", "integer", false, "1-200 (default 50)")
        .response(Types.page(HistoryEntry.class))
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        participants.history(
            Params.pathAddress(ctx, "address"),
            Params.queryLong(ctx, "before", 1, Long.MAX_VALUE),
            Params.limit(ctx, 50, 200)));
  }
}
