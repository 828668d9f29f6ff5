package org.polyculture.api.write;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.Params;
import org.polyculture.api.http.Problem;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.relay.DelegationRejection;
import org.polyculture.governance.relay.DelegationRelay;
import org.polyculture.governance.relay.RelayOutcome;
import org.polyculture.governance.relay.VoteRejection;
import org.polyculture.governance.relay.VoteRelay;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.VoteSupport;

/**
 * The API side of the relays: validates the request's fields, lets the governance relay check the
 * signature and the chain, and turns its refusals into problems with the refusal's reason (a bad
 * signature 400, not the signer's 403, an unknown proposal 404, a state that does not allow it 409,
 * no voting power or an expired signature 422). Absent when the server holds no relayer key.
 */
public final class RelayService {

  private final Optional<VoteRelay> votes;
  private final Optional<DelegationRelay> delegations;

  public RelayService(Optional<VoteRelay> votes, Optional<DelegationRelay> delegations) {
    this.votes = votes;
    this.delegations = delegations;
  }

  public boolean relaysVotes() {
    return votes.isPresent();
  }

  public boolean relaysDelegations() {
    return delegations.isPresent();
  }

  public ProposalViews.Relayed vote(RelayRequests.Ballot request) {
    Ballot ballot = ballot(request);
    VoteRelay relay =
        votes.orElseThrow(() -> ApiException.unavailable("this server does not relay votes"));
    return result(relay.relay(ballot, request.signature()), RelayService::status);
  }

  public ProposalViews.Relayed delegate(RelayRequests.Delegation request) {
    Delegation delegation = delegation(request);
    DelegationRelay relay =
        delegations.orElseThrow(
            () -> ApiException.unavailable("this server does not relay delegations"));
    return result(
        relay.relay(
            Params.address("delegator", request.delegator()), delegation, request.signature()),
        RelayService::status);
  }

  /** The ballot the request describes, or a 400 listing what is wrong. */
  public static Ballot ballot(RelayRequests.Ballot request) {
    List<Problem.FieldError> errors = new ArrayList<>();
    BigInteger proposalId = field(errors, () -> Params.uint256("proposalId", request.proposalId()));
    String voter = field(errors, () -> Params.address("voter", request.voter()));
    BigInteger nonce = field(errors, () -> Params.uint256("nonce", request.nonce()));
    Optional<VoteSupport> support =
        request.support() == null ? Optional.empty() : VoteSupport.ofCode(request.support());
    if (support.isEmpty()) {
      errors.add(new Problem.FieldError("support", "must be 0 (against), 1 (for) or 2 (abstain)"));
    }
    requireSignature(errors, request.signature());
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new Ballot(proposalId, support.get(), voter, nonce);
  }

  static Delegation delegation(RelayRequests.Delegation request) {
    List<Problem.FieldError> errors = new ArrayList<>();
    field(errors, () -> Params.address("delegator", request.delegator()));
    String delegatee = field(errors, () -> Params.address("delegatee", request.delegatee()));
    BigInteger nonce = field(errors, () -> Params.uint256("nonce", request.nonce()));
    BigInteger expiry = field(errors, () -> Params.uint256("expiry", request.expiry()));
    requireSignature(errors, request.signature());
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new Delegation(delegatee, nonce, expiry);
  }

  private static void requireSignature(List<Problem.FieldError> errors, String signature) {
    if (signature == null) {
      errors.add(new Problem.FieldError("signature", "is required"));
    }
  }

  private static <T> T field(
      List<Problem.FieldError> errors, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ApiException e) {
      errors.addAll(e.problem("").errors());
      return null;
    }
  }

  private static <R extends Enum<R>> ProposalViews.Relayed result(
      RelayOutcome<R> outcome, java.util.function.ToIntFunction<R> status) {
    return switch (outcome) {
      case RelayOutcome.Relayed<R> relayed ->
          new ProposalViews.Relayed(relayed.transactionHash(), relayed.blockNumber());
      case RelayOutcome.Refused<R> refused ->
          throw ApiException.refused(
              status.applyAsInt(refused.reason()), refused.reason().name(), refused.message());
    };
  }

  static int status(VoteRejection reason) {
    return switch (reason) {
      case MALFORMED_SIGNATURE -> 400;
      case WRONG_SIGNER -> 403;
      case UNKNOWN_PROPOSAL -> 404;
      case NO_VOTING_POWER -> 422;
      case PROPOSAL_NOT_ACTIVE, NONCE_USED, NONCE_AHEAD, ALREADY_VOTED, RELAY_BUSY, CHAIN_REFUSED ->
          409;
    };
  }

  static int status(DelegationRejection reason) {
    return switch (reason) {
      case MALFORMED_SIGNATURE -> 400;
      case WRONG_SIGNER -> 403;
      case EXPIRED -> 422;
      case NONCE_USED, NONCE_AHEAD, ALREADY_DELEGATED, RELAY_BUSY, CHAIN_REFUSED -> 409;
    };
  }
}
