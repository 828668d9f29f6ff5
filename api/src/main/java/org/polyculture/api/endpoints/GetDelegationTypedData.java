package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.math.BigInteger;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.Eip712Domain;
import org.polyculture.governance.signature.TypedData;

/**
 * {@code GET /v1/delegations/typed-data}: the EIP-712 delegation a holder signs (with its current
 * nonce) to delegate through {@code POST /v1/delegations}; to itself to activate its votes.
 */
public final class GetDelegationTypedData implements ApiEndpoint {

  /** Signatures made from this endpoint expire after an hour unless another expiry is asked. */
  static final long DEFAULT_VALIDITY_SECONDS = 3_600;

  private final GovernorReader reader;

  public GetDelegationTypedData(GovernorReader reader) {
    this.reader = reader;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/delegations/typed-data", "getDelegationTypedData")
        .tag("governance")
        .summary("The EIP-712 delegation to sign, with the delegator's current nonce")
        .queryParam("delegator", "address", true, "the holder whose votes move (the signer)")
        .queryParam(
            "delegatee",
            "address",
            true,
            "who receives the votes (the delegator itself to activate them)")
        .queryParam(
            "expiry",
            "integer",
            false,
            "seconds since the epoch when the signature lapses (default: chain time + 1 h)")
        .response(ProposalViews.TypedDataToSign.class)
        .errors(400, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    String delegator = Params.address("delegator", ctx.queryParam("delegator"));
    String delegatee = Params.address("delegatee", ctx.queryParam("delegatee"));
    long expiry =
        Params.queryLong(ctx, "expiry", 1, Long.MAX_VALUE)
            .orElseGet(() -> reader.chainTime() + DEFAULT_VALIDITY_SECONDS);
    BigInteger nonce = reader.tokenNonce(delegator);
    Delegation delegation = new Delegation(delegatee, nonce, BigInteger.valueOf(expiry));
    Eip712Domain domain = reader.tokenDomain();
    ctx.json(
        new ProposalViews.TypedDataToSign(
            TypedData.of(domain, delegation), delegation.digest(domain).toHexString(), nonce));
  }
}
