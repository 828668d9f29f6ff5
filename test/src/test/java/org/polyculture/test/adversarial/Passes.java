package org.polyculture.test.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.polyculture.app.devnet.CommonsTally;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.worker.WorkerNode;

/**
 * Drives in-process nodes pass by pass, as their own loops would: every worker and verifier takes
 * one pass, then a block is mined (the audit randomness and the jury draw wait for later blocks).
 */
final class Passes {

  private final AdversarialCommons commons;

  Passes(AdversarialCommons commons) {
    this.commons = commons;
  }

  /**
   * Passes over {@code workers} and {@code verifiers} until {@code done}, at most {@code rounds}.
   */
  void until(
      String what,
      BooleanSupplier done,
      List<WorkerNode> workers,
      List<VerifierNode> verifiers,
      int rounds) {
    for (int round = 0; round < rounds; round++) {
      if (done.getAsBoolean()) {
        return;
      }
      workers.forEach(WorkerNode::tick);
      verifiers.forEach(VerifierNode::tick);
      commons.chain().mine();
    }
    assertThat(done.getAsBoolean()).as("%s within %d passes", what, rounds).isTrue();
  }

  /**
   * Runs the job to its end: every one of its {@code segments} final and rewarded. Chain time moves
   * past the challenge window only when no dispute is open and every auditing verifier has audited
   * every commitment made so far, so moving the clock never lets a segment escape its audits.
   */
  void untilJobPaid(
      BigInteger jobId,
      int segments,
      List<WorkerNode> workers,
      List<VerifierNode> verifiers,
      List<VerifierNode> auditors,
      int rounds) {
    for (int round = 0; round < rounds; round++) {
      CommonsTally tally = commons.tally();
      if (tally.rewarded() >= segments && tally.openDisputes() == 0) {
        return;
      }
      workers.forEach(WorkerNode::tick);
      verifiers.forEach(VerifierNode::tick);
      commons.chain().mine();
      CommonsTally after = commons.tally();
      long committed = after.committed();
      boolean audited = auditors.stream().allMatch(node -> settledAudits(node) >= committed);
      if (after.openDisputes() == 0 && audited) {
        commons.chain().increaseTime(AdversarialCommons.CHALLENGE_WINDOW.plusSeconds(1));
      }
    }
    assertThat(commons.tally().rewarded())
        .as("segments of job %s rewarded within %d passes", jobId, rounds)
        .isGreaterThanOrEqualTo(segments);
  }

  /** Audits {@code node} has finished: nothing left to do for them. */
  static long settledAudits(VerifierNode node) {
    return node.report().audits().stream().filter(audit -> !audit.status().isActive()).count();
  }
}
