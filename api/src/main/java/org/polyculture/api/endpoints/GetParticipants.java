package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.NetworkViews;
import org.polyculture.api.read.ParticipantReads;

/** {@code GET /v1/participants}: workers and verifiers, most stake first. */
public final class GetParticipants implements ApiEndpoint {

  private final ParticipantReads participants;

  public GetParticipants(ParticipantReads participants) {
    this.participants = participants;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/participants", "getParticipants")
        .tag("network")
        .summary("Workers and verifiers, most bonded stake first")
        .queryParam("role", "enum:worker,verifier", false, "only this role")
        .queryParam("limit", "integer", false, "1-500 (default 100)")
        .response(Types.list(NetworkViews.Participant.class))
        .errors(400)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(
        participants.list(
            Params.queryEnum(ctx, "role", "worker", "verifier"), Params.limit(ctx, 100, 500)));
  }
}
