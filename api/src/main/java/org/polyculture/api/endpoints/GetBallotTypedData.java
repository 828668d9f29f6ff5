package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.math.BigInteger;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.Eip712Domain;
import org.polyculture.governance.signature.TypedData;
import org.polyculture.governance.signature.VoteSupport;

/**
 * {@code GET /v1/ballots/typed-data}: the EIP-712 ballot a voter signs (with its current nonce) to
 * vote through {@code POST /v1/votes}.
 */
public final class GetBallotTypedData implements ApiEndpoint {

  private final GovernorReader reader;

  public GetBallotTypedData(GovernorReader reader) {
    this.reader = reader;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/ballots/typed-data", "getBallotTypedData")
        .tag("governance")
        .summary(
            "The EIP-712 ballot to sign for a vote by signature, with the voter's current nonce")
        .queryParam("proposalId", "uint256", true, "the proposal")
        .queryParam("voter", "address", true, "the voter")
        .queryParam("support", "enum:0,1,2", true, "0 against, 1 for, 2 abstain")
        .response(ProposalViews.TypedDataToSign.class)
        .errors(400, 503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    BigInteger proposalId = Params.uint256("proposalId", ctx.queryParam("proposalId"));
    String voter = Params.address("voter", ctx.queryParam("voter"));
    VoteSupport support =
        Params.queryEnum(ctx, "support", "0", "1", "2")
            .flatMap(s -> VoteSupport.ofCode(Integer.parseInt(s)))
            .orElseThrow(() -> ApiException.invalid("support", "is required: 0, 1 or 2"));
    BigInteger nonce = reader.ballotNonce(voter);
    Ballot ballot = new Ballot(proposalId, support, voter, nonce);
    Eip712Domain domain = reader.governorDomain();
    ctx.json(
        new ProposalViews.TypedDataToSign(
            TypedData.of(domain, ballot), ballot.digest(domain).toHexString(), nonce));
  }
}
