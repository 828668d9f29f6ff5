package org.polyculture.verifier.jury;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.FraudCalldata;
import org.polyculture.verifier.chain.OnChainDispute;
import org.polyculture.verifier.chain.TxResult;
import org.polyculture.verifier.chain.VerifierChain;
import org.polyculture.verifier.chain.Vote;
import org.polyculture.verifier.chain.VoteCommitment;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.JuryRecord;
import org.polyculture.verifier.store.JuryStatus;
import org.polyculture.verifier.store.VerifierStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries each jury duty through commit-reveal, reconciling with the chain on every pass so that a
 * restart at any point resumes correctly:
 *
 * <ol>
 *   <li>decide the vote ({@link Juror}) and persist it with a fresh random salt;
 *   <li>commit {@code keccak256(disputeId, juror, vote, salt)} before the commit deadline;
 *   <li>reveal once every juror has committed or the commit period is over, before the reveal
 *       deadline.
 * </ol>
 *
 * The seat's flags on chain (committed, revealed) decide what is left to do, never the local status
 * alone; the vote and salt are only ever read from the store, so a commitment sent before a crash
 * is revealed with the same salt after it.
 */
public final class JuryService {

  private static final Logger LOG = LoggerFactory.getLogger(JuryService.class);

  private final VerifierChain chain;
  private final VerifierStore store;
  private final Juror juror;
  private final VerifierMetrics metrics;
  private final Supplier<Bytes32> salts;

  public JuryService(
      VerifierChain chain,
      VerifierStore store,
      Juror juror,
      VerifierMetrics metrics,
      Supplier<Bytes32> salts) {
    this.chain = chain;
    this.store = store;
    this.juror = juror;
    this.metrics = metrics;
    this.salts = salts;
  }

  /** Advances every open duty by what the chain allows now; returns whether anything changed. */
  public boolean advance() {
    boolean changed = false;
    for (JuryRecord duty : store.activeJuryDuties()) {
      changed |= advance(duty);
    }
    return changed;
  }

  private boolean advance(JuryRecord stored) {
    BigInteger id = new BigInteger(stored.disputeId());
    OnChainDispute dispute = chain.dispute(id);
    if (dispute.phase() == OnChainDispute.Phase.RESOLVED) {
      JuryRecord synced = synced(stored, dispute);
      save(synced.settled(dispute.outcome()));
      return true;
    }
    if (stored.seat() >= dispute.seats().size()
        || !dispute.seats().get(stored.seat()).juror().equals(chain.address())) {
      throw new IllegalStateException(
          "dispute " + id + " has no seat " + stored.seat() + " for " + chain.address());
    }
    JuryRecord duty = synced(stored, dispute);
    boolean changed = duty != stored;
    long now = chain.latestTimestamp();
    if (duty.status() == JuryStatus.DRAWN) {
      if (now >= dispute.commitDeadline()) {
        return missed(duty, "the commit period ended before a vote was decided");
      }
      Optional<JuryRecord> decided = decide(duty, dispute);
      if (decided.isEmpty()) {
        if (changed) {
          save(duty);
        }
        return changed;
      }
      duty = decided.get();
      save(duty);
      changed = true;
    }
    if (duty.status() == JuryStatus.DECIDED) {
      if (now >= dispute.commitDeadline()) {
        return missed(duty, "the commit period ended before the vote was committed");
      }
      return commit(duty) || changed;
    }
    if (duty.status() == JuryStatus.COMMITTED) {
      if (now >= dispute.revealDeadline()) {
        return missed(duty, "the reveal period ended before the vote was revealed");
      }
      if (dispute.everyoneCommitted() || now >= dispute.commitDeadline()) {
        return reveal(duty) || changed;
      }
    }
    if (changed) {
      save(duty);
    }
    return changed;
  }

  /** The duty with its status brought up to what the chain shows for its seat. */
  private JuryRecord synced(JuryRecord duty, OnChainDispute dispute) {
    if (duty.seat() >= dispute.seats().size()) {
      return duty;
    }
    OnChainDispute.Seat seat = dispute.seats().get(duty.seat());
    if (seat.revealed() && duty.status() != JuryStatus.REVEALED) {
      return duty.withStatus(JuryStatus.REVEALED);
    }
    if (seat.committed()
        && (duty.status() == JuryStatus.DRAWN || duty.status() == JuryStatus.DECIDED)) {
      if (duty.vote().isEmpty()) {
        // Committed on chain with no vote in the store: the store lost it; the vote cannot be
        // revealed.
        return duty.withStatus(JuryStatus.MISSED);
      }
      return duty.withStatus(JuryStatus.COMMITTED);
    }
    return duty;
  }

  private Optional<JuryRecord> decide(JuryRecord duty, OnChainDispute dispute) {
    DisputeRecord record =
        store
            .dispute(new BigInteger(duty.disputeId()))
            .orElseThrow(() -> new IllegalStateException("no record of " + duty.disputeId()));
    Optional<FraudCalldata> calldata =
        record.kind() == DisputeKind.FRAUD
            ? chain.fraudCalldata(record.openedTransaction())
            : Optional.empty();
    String endpoint = chain.endpointOf(record.worker());
    JuryDecision decision = juror.decide(record, dispute, calldata, endpoint);
    if (decision.vote().isEmpty()) {
      LOG.info("dispute {}: cannot decide yet: {}", duty.disputeId(), decision.reasoning());
      return Optional.empty();
    }
    Vote vote = decision.vote().get();
    LOG.info("dispute {}: voting {} ({})", duty.disputeId(), vote, decision.reasoning());
    return Optional.of(duty.decided(vote, salts.get().toHexString(), decision.reasoning()));
  }

  private boolean commit(JuryRecord duty) {
    BigInteger id = new BigInteger(duty.disputeId());
    Bytes32 hash =
        VoteCommitment.of(
            id,
            chain.address(),
            duty.vote().orElseThrow(),
            Bytes32.fromHexString(duty.salt().orElseThrow()));
    TxResult<?> result = chain.commitVote(id, duty.seat(), hash);
    if (result.isIncluded() || rejectedAs(result, "AlreadyCommitted")) {
      metrics.increment(Counter.VOTES_COMMITTED);
      save(duty.withStatus(JuryStatus.COMMITTED));
      return true;
    }
    LOG.warn("dispute {}: commitVote rejected: {}", id, result);
    return false;
  }

  private boolean reveal(JuryRecord duty) {
    BigInteger id = new BigInteger(duty.disputeId());
    TxResult<?> result =
        chain.revealVote(
            id,
            duty.seat(),
            duty.vote().orElseThrow(),
            Bytes32.fromHexString(duty.salt().orElseThrow()));
    if (result.isIncluded() || rejectedAs(result, "AlreadyRevealed")) {
      metrics.increment(Counter.VOTES_REVEALED);
      save(duty.withStatus(JuryStatus.REVEALED));
      return true;
    }
    if (!rejectedAs(result, "RevealNotOpen")) {
      LOG.warn("dispute {}: revealVote rejected: {}", id, result);
    }
    return false;
  }

  private boolean missed(JuryRecord duty, String why) {
    LOG.warn("dispute {}: {}", duty.disputeId(), why);
    metrics.increment(Counter.VOTES_MISSED);
    save(duty.withStatus(JuryStatus.MISSED));
    return true;
  }

  private void save(JuryRecord duty) {
    store.update(batch -> batch.put(duty));
  }

  private static boolean rejectedAs(TxResult<?> result, String error) {
    return result instanceof TxResult.Rejected<?> rejected && rejected.error().equals(error);
  }
}
