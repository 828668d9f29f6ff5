package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.util.Optional;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.IndexedDelegate;

/**
 * {@code GET /v1/accounts/{address}}: an account's balance, votes, delegate and nonces, read from
 * the chain (what a wallet page needs before delegating or voting).
 */
public final class GetAccount implements ApiEndpoint {

  private static final String NOBODY = "0x" + "0".repeat(40);

  private final GovernorReader reader;
  private final GovernanceIndex index;

  public GetAccount(GovernorReader reader, GovernanceIndex index) {
    this.reader = reader;
    this.index = index;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/accounts/{address}", "getAccount")
        .tag("governance")
        .summary(
            "An account: balance, voting power, delegate, ballot and token nonces (from the chain)")
        .pathParam("address", "address", "the account")
        .response(ProposalViews.Account.class)
        .errors(400, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    String address = Params.pathAddress(ctx, "address");
    String delegate = reader.delegateOf(address);
    ctx.json(
        new ProposalViews.Account(
            address,
            reader.balanceOf(address),
            reader.currentVotes(address),
            Optional.of(delegate).filter(d -> !d.equals(NOBODY)),
            reader.ballotNonce(address),
            reader.tokenNonce(address),
            index.delegate(address).map(IndexedDelegate::delegators).orElse(0L)));
  }
}
