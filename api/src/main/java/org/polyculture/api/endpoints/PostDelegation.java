package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.RequestBodies;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.api.write.RelayRequests;
import org.polyculture.api.write.RelayService;

/**
 * {@code POST /v1/delegations}: relays a delegation signed off-chain through {@code delegateBySig}.
 */
public final class PostDelegation implements ApiEndpoint {

  private final RelayService relays;

  public PostDelegation(RelayService relays) {
    this.relays = relays;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.post("/v1/delegations", "postDelegation")
        .tag("governance")
        .summary("Relay an EIP-712 signed delegation (the server pays the gas)")
        .description(
            "Checked before anything is sent: the signature recovers to the delegator, the expiry"
                + " has not passed (chain time), the nonce is the delegator's next, and the"
                + " delegation changes something. Refusal reasons: MALFORMED_SIGNATURE (400),"
                + " WRONG_SIGNER (403), EXPIRED (422), NONCE_USED, NONCE_AHEAD, ALREADY_DELEGATED,"
                + " RELAY_BUSY, CHAIN_REFUSED (409).")
        .request(RelayRequests.Delegation.class)
        .response(ProposalViews.Relayed.class)
        .errors(403, 409, 422, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(relays.delegate(RequestBodies.read(ctx, RelayRequests.Delegation.class)));
  }
}
