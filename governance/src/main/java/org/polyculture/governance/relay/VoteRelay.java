package org.polyculture.governance.relay;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.ProposalState;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.protocol.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Relays votes signed off-chain (EIP-712 {@link Ballot}s) through the governor's {@code
 * castVoteBySig}, paying the gas so that a holder can vote without holding ether. Everything the
 * contract would refuse is checked first, against the chain itself: the signature recovers to the
 * voter, the proposal is active, the nonce is the voter's next one (a replayed signature is
 * refused), the voter has not voted and had votes at the snapshot. Only then is anything sent.
 */
public final class VoteRelay {

  private static final Logger LOG = LoggerFactory.getLogger(VoteRelay.class);

  private final GovernorReader reader;
  private final GovernanceClient relayer;
  private final InFlight inFlight = new InFlight();

  public VoteRelay(GovernorReader reader, GovernanceClient relayer) {
    this.reader = reader;
    this.relayer = relayer;
  }

  /** Checks a signed ballot against the chain without sending anything. */
  public ValidationResult<VoteRejection> check(Ballot ballot, String signatureHex) {
    return parse(ballot, signatureHex).validation();
  }

  /** Checks the ballot, then relays it. */
  public RelayOutcome<VoteRejection> relay(Ballot ballot, String signatureHex) {
    Optional<InFlight.Claim> claim = inFlight.claim(ballot.voter());
    if (claim.isEmpty()) {
      return new RelayOutcome.Refused<>(
          VoteRejection.RELAY_BUSY, "a vote of " + ballot.voter() + " is already being relayed");
    }
    try {
      Checked checked = parse(ballot, signatureHex);
      if (checked.validation() instanceof ValidationResult.Invalid<VoteRejection> invalid) {
        return new RelayOutcome.Refused<>(invalid.reason(), invalid.message());
      }
      TransactionReceipt receipt =
          relayer.castVoteBySig(
              ballot.proposalId(), ballot.support(), ballot.voter(), checked.signature().get());
      LOG.info(
          "relayed a {} vote of {} on proposal {} in {}",
          ballot.support(),
          ballot.voter(),
          ballot.proposalId(),
          receipt.getTransactionHash());
      return new RelayOutcome.Relayed<>(
          receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
    } catch (ContractRevertedException e) {
      return new RelayOutcome.Refused<>(VoteRejection.CHAIN_REFUSED, e.getMessage());
    } finally {
      claim.get().close();
    }
  }

  private Checked parse(Ballot ballot, String signatureHex) {
    EcdsaSignature.Parsed parsed = EcdsaSignature.parse(signatureHex);
    if (parsed.signature().isEmpty()) {
      return Checked.refused(
          VoteRejection.MALFORMED_SIGNATURE, parsed.validation().errorMessage().orElse(""));
    }
    EcdsaSignature signature = parsed.signature().get();
    if (!signature.isBy(ballot.digest(reader.governorDomain()), ballot.voter())) {
      return Checked.refused(
          VoteRejection.WRONG_SIGNER,
          "the signature is not " + ballot.voter() + "'s over this ballot");
    }
    Optional<ProposalState> state = reader.state(ballot.proposalId());
    if (state.isEmpty()) {
      return Checked.refused(VoteRejection.UNKNOWN_PROPOSAL, "no proposal " + ballot.proposalId());
    }
    if (state.get() != ProposalState.ACTIVE) {
      return Checked.refused(
          VoteRejection.PROPOSAL_NOT_ACTIVE,
          "proposal " + ballot.proposalId() + " is " + state.get() + ", not open for voting");
    }
    BigInteger next = reader.ballotNonce(ballot.voter());
    int order = ballot.nonce().compareTo(next);
    if (order < 0) {
      return Checked.refused(
          VoteRejection.NONCE_USED,
          "nonce " + ballot.nonce() + " was already used; the voter's next nonce is " + next);
    }
    if (order > 0) {
      return Checked.refused(
          VoteRejection.NONCE_AHEAD,
          "the voter's next nonce is " + next + ", not " + ballot.nonce());
    }
    if (reader.hasVoted(ballot.proposalId(), ballot.voter())) {
      return Checked.refused(
          VoteRejection.ALREADY_VOTED, ballot.voter() + " has already voted on this proposal");
    }
    BigInteger snapshot = reader.proposalSnapshot(ballot.proposalId());
    if (reader.votesAt(ballot.voter(), snapshot).signum() == 0) {
      return Checked.refused(
          VoteRejection.NO_VOTING_POWER,
          ballot.voter()
              + " had no votes at the proposal's snapshot (delegate before a proposal is made)");
    }
    return new Checked(Optional.of(signature), ValidationResult.valid());
  }

  private record Checked(
      Optional<EcdsaSignature> signature, ValidationResult<VoteRejection> validation) {
    static Checked refused(VoteRejection reason, String message) {
      return new Checked(Optional.empty(), ValidationResult.invalid(reason, message));
    }
  }
}
