package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.NetworkViews;
import org.polyculture.api.read.ParticipantReads;

/** {@code GET /v1/participants/{address}}: a worker or verifier with its history and disputes. */
public final class GetParticipant implements ApiEndpoint {

  private final ParticipantReads participants;

  public GetParticipant(ParticipantReads participants) {
    this.participants = participants;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/participants/{address}", "getParticipant")
        .tag("network")
        .summary("A worker or verifier: stake, record, recent history, disputes")
        .pathParam("address", "address", "the account")
        .response(NetworkViews.ParticipantDetail.class)
        .errors(400, 404)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(participants.detail(Params.pathAddress(ctx, "address"), 20));
  }
}
