package org.polyculture.verifier.jury;

import org.polyculture.verifier.chain.OnChainDispute;
import org.polyculture.verifier.chain.TxResult;
import org.polyculture.verifier.chain.VerifierChain;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.VerifierStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the disputes this node is part of through the steps anyone may call: {@code drawJury} once
 * the draw block is reached (for disputes it opened: nothing forces anyone else to), and {@code
 * resolve} once every juror has revealed or the reveal period is over. Settlement pays the
 * challenger and adds juror rewards to stakes in the same call, so there is nothing else to claim.
 */
public final class DisputeDriver {

  private static final Logger LOG = LoggerFactory.getLogger(DisputeDriver.class);

  private final VerifierChain chain;
  private final VerifierStore store;
  private final VerifierMetrics metrics;

  public DisputeDriver(VerifierChain chain, VerifierStore store, VerifierMetrics metrics) {
    this.chain = chain;
    this.store = store;
    this.metrics = metrics;
  }

  /** Sends what is due now; returns whether anything was sent. */
  public boolean advance() {
    boolean changed = false;
    long head = chain.headBlock();
    long now = chain.latestTimestamp();
    for (DisputeRecord record : store.activeDisputes()) {
      OnChainDispute dispute = chain.dispute(record.id());
      switch (dispute.phase()) {
        case AWAITING_JURY -> {
          if (dispute.challenger().equals(chain.address()) && head >= dispute.drawBlock()) {
            changed |=
                send(
                    "drawJury",
                    record,
                    chain.drawJury(record.id()),
                    Counter.JURIES_DRAWN_BY_THIS_NODE);
          }
        }
        case VOTING -> {
          if (dispute.everyoneRevealed() || now >= dispute.revealDeadline()) {
            changed |=
                send(
                    "resolve",
                    record,
                    chain.resolve(record.id()),
                    Counter.DISPUTES_RESOLVED_BY_THIS_NODE);
          }
        }
        case NONE, RESOLVED -> {}
      }
    }
    return changed;
  }

  private boolean send(String what, DisputeRecord record, TxResult<?> result, Counter counter) {
    if (result.isIncluded()) {
      metrics.increment(counter);
      LOG.info("dispute {}: {} sent", record.disputeId(), what);
      return true;
    }
    // Another party called it first, or it is not due yet: nothing to recover.
    LOG.debug("dispute {}: {} not sent: {}", record.disputeId(), what, result);
    return false;
  }
}
