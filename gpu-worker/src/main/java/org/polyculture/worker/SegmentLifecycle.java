package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.worker.Ledger.JobView;
import org.polyculture.worker.Ledger.SegmentView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves this worker's segments through their phases against the chain. Every transaction is
 * preceded by storing the phase that says it may have been sent, and every phase that may follow a
 * sent transaction is settled by asking the chain, never by sending again blindly: a commitment
 * already on chain is recognised by its digest, a transaction still in the node's pool is waited
 * for.
 */
final class SegmentLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentLifecycle.class);

  private final WorkerStore store;
  private final Ledger ledger;

  SegmentLifecycle(WorkerStore store, Ledger ledger) {
    this.store = store;
    this.ledger = ledger;
  }

  /** Settles a claim that is (or may have been) sent; returns the record after. */
  SegmentRecord claim(SegmentRecord record) throws IOException {
    SegmentKey key = record.key();
    long now = ledger.chainTime();
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    if (heldByMe(onChain, record)
        && onChain.status() == SegmentView.CLAIMED
        && now <= onChain.time()) {
      return save(record.withLease(onChain.time()).withPhase(SegmentPhase.TRAINING, "lease held"));
    }
    JobView job = ledger.job(key.jobId());
    if (job.nextSegment() != key.segment()
        || job.generation() != record.generation()
        || !job.tipStateHash().equals(record.startStateHash())
        || !claimable(onChain, job, now)) {
      return save(record.withPhase(SegmentPhase.ABANDONED, "the segment was taken by another"));
    }
    if (ledger.hasPendingTransactions()) {
      return record;
    }
    try {
      long deadline = ledger.claim(key.jobId(), key.segment());
      LOG.info("{}: claimed, lease until {}", key, deadline);
      return save(record.withLease(deadline).withPhase(SegmentPhase.TRAINING, "claimed"));
    } catch (ContractRevertedException e) {
      LOG.warn("{}: claim refused: {}", key, e.getMessage());
      return save(record.withPhase(SegmentPhase.ABANDONED, "claim refused: " + e.getMessage()));
    }
  }

  /** Whether the ledger would let anyone claim {@code segment} now. */
  static boolean claimable(SegmentView segment, JobView job, long now) {
    return switch (segment.status()) {
      case SegmentView.CLAIMED -> segment.generation() != job.generation() || now > segment.time();
      case SegmentView.COMMITTED -> segment.openDisputes() == 0;
      default -> true;
    };
  }

  /** Whether the lease of a TRAINING record is still good; abandons it otherwise. */
  SegmentRecord checkLease(SegmentRecord record) throws IOException {
    if (ledger.chainTime() <= record.leaseDeadline()) {
      return record;
    }
    return save(
        record.withPhase(SegmentPhase.ABANDONED, "the lease expired before training ended"));
  }

  /** Sends (or settles) the commitment of a TRAINED or COMMITTING record. */
  SegmentRecord commit(SegmentRecord record, Commitment commitment) throws IOException {
    SegmentRecord committing =
        record.phase() == SegmentPhase.COMMITTING
            ? record
            : save(
                record
                    .withCommitment(commitment.stepRoot(), commitment.endStateHash())
                    .withPhase(SegmentPhase.COMMITTING, "committing"));
    Optional<SegmentRecord> settled = settleCommit(committing);
    if (settled.isPresent()) {
      return settled.get();
    }
    if (ledger.hasPendingTransactions()) {
      return committing;
    }
    SegmentKey key = record.key();
    try {
      ledger.commit(
          key.jobId(),
          key.segment(),
          committing.startStateHash(),
          committing.stepRoot().orElseThrow(),
          committing.endStateHash().orElseThrow());
    } catch (ContractRevertedException e) {
      LOG.warn("{}: commit refused: {}", key, e.getMessage());
      return settleCommit(committing)
          .orElseGet(
              () ->
                  save(
                      committing.withPhase(
                          SegmentPhase.ABANDONED, "commit refused: " + e.getMessage())));
    }
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    LOG.info(
        "{}: committed (step root {}, end state {})",
        key,
        committing.stepRoot().orElseThrow(),
        committing.endStateHash().orElseThrow());
    return save(
        committing.withCommitTime(onChain.time()).withPhase(SegmentPhase.COMMITTED, "committed"));
  }

  /**
   * What the chain says about a commitment that may have been sent: COMMITTED if it is there with
   * this record's digest, ABANDONED if it can no longer land, empty if it is still to be sent.
   */
  private Optional<SegmentRecord> settleCommit(SegmentRecord record) throws IOException {
    SegmentKey key = record.key();
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    if (!heldByMe(onChain, record)) {
      return Optional.of(
          save(record.withPhase(SegmentPhase.ABANDONED, "the segment is someone else's now")));
    }
    if (onChain.status() >= SegmentView.COMMITTED) {
      Bytes32 digest =
          new Commitment(
                  record.startStateHash(),
                  record.stepRoot().orElseThrow(),
                  record.endStateHash().orElseThrow())
              .digest();
      if (ledger.commitment(key.jobId(), key.segment()).equals(digest)) {
        return Optional.of(
            save(
                record
                    .withCommitTime(onChain.time())
                    .withPhase(SegmentPhase.COMMITTED, "commitment found on chain")));
      }
      return Optional.of(
          save(record.withPhase(SegmentPhase.ABANDONED, "another commitment is on chain")));
    }
    if (onChain.status() == SegmentView.CLAIMED && ledger.chainTime() > onChain.time()) {
      return Optional.of(
          save(record.withPhase(SegmentPhase.ABANDONED, "the lease expired before the commit")));
    }
    return Optional.empty();
  }

  /**
   * Follows a committed segment: finalizes it once its window has passed (finalizing earlier
   * segments of the job first when they are due), notices a void or a proven fraud.
   */
  SegmentRecord followCommitted(SegmentRecord record) throws IOException {
    SegmentKey key = record.key();
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    if (!heldByMe(onChain, record)) {
      // Claimed again after a void: the new claim paid this segment's compensation.
      return save(
          record.withPhase(SegmentPhase.COMPENSATED, "settled when the segment was claimed again"));
    }
    switch (onChain.status()) {
      case SegmentView.FRAUD -> {
        LOG.warn("{}: a dispute proved this segment wrong", key);
        return save(record.withPhase(SegmentPhase.FRAUD, "proven wrong in a dispute"));
      }
      case SegmentView.FINALIZED -> {
        return save(record.withPhase(SegmentPhase.FINALIZED, "final"));
      }
      case SegmentView.REWARDED -> {
        return rewardedOnChain(record);
      }
      case SegmentView.COMPENSATED -> {
        return save(record.withPhase(SegmentPhase.COMPENSATED, "compensated"));
      }
      default -> {
        // still committed
      }
    }
    JobView job = ledger.job(key.jobId());
    if (key.segment() >= job.nextSegment()) {
      LOG.warn("{}: voided by a fraud earlier in the job", key);
      return save(record.withPhase(SegmentPhase.VOIDED, "voided by an earlier fraud"));
    }
    long now = ledger.chainTime();
    if (onChain.openDisputes() > 0 || now < onChain.time() + job.challengeWindow()) {
      return record;
    }
    if (finalizeThrough(key.jobId(), key.segment(), job, now)) {
      LOG.info("{}: final", key);
      return save(record.withPhase(SegmentPhase.FINALIZED, "final"));
    }
    return record;
  }

  /** Finalizes the job's segments from its first non-final one up to {@code segment}. */
  private boolean finalizeThrough(BigInteger jobId, long segment, JobView job, long now)
      throws IOException {
    for (long i = job.finalizedSegments(); i <= segment; i++) {
      SegmentView view = ledger.segment(jobId, i);
      if (view.status() != SegmentView.COMMITTED) {
        continue;
      }
      if (view.openDisputes() > 0 || now < view.time() + job.challengeWindow()) {
        return false;
      }
      try {
        ledger.finalizeSegment(jobId, i);
      } catch (ContractRevertedException e) {
        LOG.warn("job {} segment {}: finalize refused: {}", jobId, i, e.getMessage());
        return false;
      }
    }
    return ledger.segment(jobId, segment).status() >= SegmentView.FINALIZED;
  }

  /** Claims the reward of a FINALIZED record. */
  SegmentRecord claimReward(SegmentRecord record) throws IOException {
    SegmentKey key = record.key();
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    if (onChain.status() == SegmentView.REWARDED) {
      return rewardedOnChain(record);
    }
    if (ledger.hasPendingTransactions()) {
      return record;
    }
    try {
      BigInteger amount = ledger.claimReward(key.jobId(), key.segment());
      LOG.info("{}: reward of {} claimed", key, amount);
      return save(record.withPaid(amount).withPhase(SegmentPhase.REWARDED, "rewarded"));
    } catch (ContractRevertedException e) {
      LOG.warn("{}: reward refused: {}", key, e.getMessage());
      return record;
    }
  }

  /**
   * A reward found paid on chain without this process having seen the receipt (it was killed after
   * sending the claim): the ledger pays exactly the job's reward per segment, so that is what this
   * worker earned, and what its status must count.
   */
  private SegmentRecord rewardedOnChain(SegmentRecord record) throws IOException {
    BigInteger amount = ledger.job(record.key().jobId()).rewardPerSegment();
    LOG.info("{}: reward of {} found paid on chain", record.key(), amount);
    return save(record.withPaid(amount).withPhase(SegmentPhase.REWARDED, "rewarded"));
  }

  /** Claims the compensation of a VOIDED record once no dispute is open on it. */
  SegmentRecord claimCompensation(SegmentRecord record) throws IOException {
    SegmentKey key = record.key();
    SegmentView onChain = ledger.segment(key.jobId(), key.segment());
    if (!heldByMe(onChain, record) || onChain.status() == SegmentView.COMPENSATED) {
      return save(record.withPhase(SegmentPhase.COMPENSATED, "compensated"));
    }
    if (onChain.status() == SegmentView.FRAUD) {
      return save(record.withPhase(SegmentPhase.FRAUD, "proven wrong in a dispute"));
    }
    if (onChain.openDisputes() > 0 || ledger.hasPendingTransactions()) {
      return record;
    }
    try {
      BigInteger amount = ledger.claimCompensation(key.jobId(), key.segment());
      LOG.info("{}: compensation of {} claimed", key, amount);
      return save(record.withPaid(amount).withPhase(SegmentPhase.COMPENSATED, "compensated"));
    } catch (ContractRevertedException e) {
      LOG.warn("{}: compensation refused: {}", key, e.getMessage());
      return record;
    }
  }

  private boolean heldByMe(SegmentView onChain, SegmentRecord record) {
    return onChain.worker().equalsIgnoreCase(ledger.address())
        && onChain.generation() == record.generation();
  }

  private SegmentRecord save(SegmentRecord record) {
    store.put(record);
    return record;
  }

  /** The records that still need the chain's attention, in key order. */
  static List<SegmentRecord> open(List<SegmentRecord> records) {
    return records.stream().filter(record -> !record.phase().isTerminal()).toList();
  }
}
