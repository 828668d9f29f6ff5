package org.polyculture.contracts;

import static org.polyculture.contracts.TestProtocol.ROLE_VERIFIER;
import static org.polyculture.contracts.TestProtocol.ROLE_WORKER;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.polyculture.contracts.generated.DisputeManager;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Protocol with three staked workers, ten staked verifiers, a funded challenger that has approved
 * its bonds, and one job; plus the moves of a dispute.
 */
abstract class DisputeTestBase extends ProtocolTestBase {

  static final int VOTE_WORKER_AT_FAULT = 1;
  static final int VOTE_CHALLENGER_AT_FAULT = 2;
  static final BigInteger OUTCOME_WORKER_AT_FAULT = BigInteger.ONE;
  static final BigInteger OUTCOME_CHALLENGER_AT_FAULT = BigInteger.TWO;
  static final BigInteger OUTCOME_UNDECIDED = BigInteger.valueOf(3);
  static final BigInteger OUTCOME_NO_JURY = BigInteger.valueOf(4);
  static final BigInteger BOND = TestProtocol.defaultDisputeParameters().bond;

  BigInteger jobId;

  /** Each drawn jury, in seat order. */
  final java.util.Map<BigInteger, List<Credentials>> juries = new java.util.HashMap<>();

  @Override
  void prepare() throws Exception {
    protocol.stake(worker, ROLE_WORKER, WORKER_STAKE);
    protocol.stake(secondWorker, ROLE_WORKER, WORKER_STAKE);
    protocol.stake(thirdWorker, ROLE_WORKER, WORKER_STAKE);
    for (Credentials verifier : verifiers) {
      protocol.stake(verifier, ROLE_VERIFIER, VERIFIER_STAKE);
    }
    protocol.fund(challenger, TestProtocol.tokens(10_000));
    protocol
        .token(challenger)
        .approve(protocol.disputesAddress, TestProtocol.tokens(10_000))
        .send();
    jobId = protocol.createJob(jobSpec());
  }

  static DisputeManager.Commitment commitment(TrainingRun.Segment segment) {
    return new DisputeManager.Commitment(segment.start(), segment.root(), segment.end());
  }

  static DisputeManager.FraudEvidence evidence(
      TrainingRun.Segment committed, long step, byte[] challengerState) {
    return new DisputeManager.FraudEvidence(
        BigInteger.valueOf(step),
        committed.stateBefore(step),
        committed.proofBefore(step),
        committed.stateAfter(step),
        committed.proof(step),
        challengerState);
  }

  /** Opens a fraud dispute over a step, claiming the honest state after it. */
  BigInteger openFraud(TrainingRun.Segment committed, long step) throws Exception {
    return disputeId(
        openFraudReceipt(challenger, committed, step, TrainingRun.stateAfter(step, 0)));
  }

  TransactionReceipt openFraudReceipt(
      Credentials who, TrainingRun.Segment committed, long step, byte[] challengerState)
      throws Exception {
    return protocol
        .disputes(who)
        .openFraudDispute(
            jobId,
            BigInteger.valueOf(committed.index()),
            commitment(committed),
            evidence(committed, step, challengerState))
        .send();
  }

  static BigInteger disputeId(TransactionReceipt receipt) {
    return DisputeManager.getDisputeOpenedEvents(receipt).get(0).disputeId;
  }

  /** Draws the jury and returns its members' keys. */
  List<Credentials> drawJury(BigInteger disputeId) throws Exception {
    TransactionReceipt receipt = protocol.disputes(outsider).drawJury(disputeId).send();
    List<String> addresses = DisputeManager.getJuryDrawnEvents(receipt).get(0).jurors;
    List<Credentials> jurors = new ArrayList<>();
    for (String address : addresses) {
      jurors.add(
          verifiers.stream()
              .filter(v -> v.getAddress().equalsIgnoreCase(address))
              .findFirst()
              .orElseThrow());
    }
    juries.put(disputeId, jurors);
    return jurors;
  }

  static byte[] salt(Credentials juror) {
    return Hash.sha3(Numeric.hexStringToByteArray(juror.getAddress()));
  }

  static byte[] voteCommitment(BigInteger disputeId, Credentials juror, int vote, byte[] salt) {
    String encoded =
        TypeEncoder.encode(new Uint256(disputeId))
            + TypeEncoder.encode(new Address(juror.getAddress()))
            + TypeEncoder.encode(new Uint8(vote))
            + TypeEncoder.encode(new Bytes32(salt));
    return Hash.sha3(Numeric.hexStringToByteArray(encoded));
  }

  /** The juror's seat in the drawn jury; seat 0 (someone else's) for a verifier not on it. */
  BigInteger seat(BigInteger disputeId, Credentials juror) {
    int index = juries.getOrDefault(disputeId, List.of()).indexOf(juror);
    return BigInteger.valueOf(Math.max(index, 0));
  }

  void commitVote(BigInteger disputeId, Credentials juror, int vote) throws Exception {
    byte[] commitment = voteCommitment(disputeId, juror, vote, salt(juror));
    protocol.disputes(juror).commitVote(disputeId, seat(disputeId, juror), commitment).send();
  }

  TransactionReceipt revealVote(BigInteger disputeId, Credentials juror, int vote)
      throws Exception {
    return protocol
        .disputes(juror)
        .revealVote(disputeId, seat(disputeId, juror), BigInteger.valueOf(vote), salt(juror))
        .send();
  }

  /** Jurors commit then reveal the given votes; a vote of 0 means the juror stays silent. */
  void vote(BigInteger disputeId, List<Credentials> jurors, int... votes) throws Exception {
    for (int i = 0; i < votes.length; i++) {
      if (votes[i] != 0) {
        commitVote(disputeId, jurors.get(i), votes[i]);
      }
    }
    if (java.util.Arrays.stream(votes).anyMatch(v -> v == 0)) {
      chain.increaseTime(
          java.time.Duration.ofSeconds(
              TestProtocol.defaultDisputeParameters().commitPeriod.longValue() + 1));
    }
    for (int i = 0; i < votes.length; i++) {
      if (votes[i] != 0) {
        revealVote(disputeId, jurors.get(i), votes[i]);
      }
    }
  }

  DisputeManager.DisputeResolvedEventResponse resolve(BigInteger disputeId) throws Exception {
    if (protocol.disputes(deployer).disputeOf(disputeId).send().reveals.intValue()
        < protocol.disputes(deployer).seatsOf(disputeId).send().size()) {
      chain.increaseTime(
          java.time.Duration.ofSeconds(
              2L * TestProtocol.defaultDisputeParameters().revealPeriod.longValue() + 2));
    }
    TransactionReceipt receipt = protocol.disputes(outsider).resolve(disputeId).send();
    return DisputeManager.getDisputeResolvedEvents(receipt).get(0);
  }

  BigInteger totalSupply() throws Exception {
    return protocol.token(deployer).totalSupply().send();
  }
}
