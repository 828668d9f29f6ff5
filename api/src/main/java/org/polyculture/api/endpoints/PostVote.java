package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.RequestBodies;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.api.write.RelayRequests;
import org.polyculture.api.write.RelayService;

/** {@code POST /v1/votes}: relays a vote signed off-chain through {@code castVoteBySig}. */
public final class PostVote implements ApiEndpoint {

  private final RelayService relays;

  public PostVote(RelayService relays) {
    this.relays = relays;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.post("/v1/votes", "postVote")
        .tag("governance")
        .summary("Relay an EIP-712 signed ballot (the server pays the gas)")
        .description(
            "Checked before anything is sent: the signature recovers to the voter, the proposal is"
                + " active, the nonce is the voter's next (a replayed signature is refused), the"
                + " voter has not voted and had votes at the snapshot. A refusal's problem has a"
                + " reason: MALFORMED_SIGNATURE (400), WRONG_SIGNER (403), UNKNOWN_PROPOSAL (404),"
                + " PROPOSAL_NOT_ACTIVE, NONCE_USED, NONCE_AHEAD, ALREADY_VOTED, RELAY_BUSY,"
                + " CHAIN_REFUSED (409), NO_VOTING_POWER (422).")
        .request(RelayRequests.Ballot.class)
        .response(ProposalViews.Relayed.class)
        .errors(403, 404, 409, 422, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(relays.vote(RequestBodies.read(ctx, RelayRequests.Ballot.class)));
  }
}
