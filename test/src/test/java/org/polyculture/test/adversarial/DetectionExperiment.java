package org.polyculture.test.adversarial;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.audit.Finding;
import org.polyculture.verifier.audit.SegmentAudit;
import org.polyculture.verifier.audit.SegmentAuditor;
import org.polyculture.verifier.audit.StepRecomputer;
import org.polyculture.verifier.chain.SegmentCommit;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;

/**
 * Measures how often a verifier's audit catches a cheating segment, without a chain: a real segment
 * is trained by the worker's cheating strategy, and the verifier's own {@link SegmentAuditor}
 * audits it again and again with fresh randomness, each time sampling k steps with {@code
 * AuditSampler}, fetching the committed states before them, recomputing them and comparing bit for
 * bit. The randomness of audit i is keccak256 of a label naming the cell and i, so a run is
 * reproducible and every cell's draws are independent of every other's.
 */
final class DetectionExperiment {

  private static final String ENDPOINT = "memory://cheater";
  private static final long SEGMENT = 1;

  private final AdversarialJob job;

  private DetectionExperiment(AdversarialJob job) {
    this.job = job;
  }

  /** An experiment on a fresh job of {@code segmentLength}-step segments under {@code scratch}. */
  static DetectionExperiment on(Path scratch, int segmentLength) {
    return new DetectionExperiment(AdversarialJob.create(scratch, 0x5EED, segmentLength, 4));
  }

  /** A cheat to measure: a strategy by name tampering from {@code offset} of each segment. */
  record Cheat(String strategy, int offset) {
    String label() {
      return strategy + " at " + offset;
    }

    CheatStrategy create() {
      return CheatStrategies.create(strategy, OptionalInt.of(offset)).orElseThrow();
    }
  }

  /**
   * Trains segment 1 of the job with {@code cheat} (after an honest segment 0) and audits it {@code
   * trials} times at each k of {@code audits}.
   */
  List<DetectionCell> measure(Cheat cheat, List<Integer> audits, int trials) {
    int length = job.segmentLength();
    CheatingSegment honest =
        CheatingSegment.train(
            job.workspace().genesis(), length, job.workspace().batches(), CheatStrategy.NONE);
    if (honest.tamperedSteps() != 0) {
      throw new IllegalStateException("the honest segment recomputes differently");
    }
    CheatingSegment segment =
        CheatingSegment.train(honest.endState(), length, job.workspace().batches(), cheat.create());
    SegmentCommit commit =
        new SegmentCommit(
            BigInteger.ZERO,
            SEGMENT,
            "0x00000000000000000000000000000000000000c4",
            segment.startStateHash(),
            segment.stepRoot(),
            segment.endStateHash(),
            0);
    List<DetectionCell> cells = new ArrayList<>();
    try (StepRecomputer recomputer =
        new StepRecomputer(ScalarBackend::new, StateHasher.singleThreaded(), System::nanoTime)) {
      for (int k : audits) {
        SegmentAuditor auditor =
            new SegmentAuditor(
                new ServedSegment(segment),
                recomputer,
                new FetchPolicy(1, Duration.ZERO, pause -> true),
                k);
        int caught = 0;
        int falseFindings = 0;
        for (int trial = 0; trial < trials; trial++) {
          SegmentAudit audit =
              auditor.audit(commit, job.workspace(), randomness(cheat, k, trial), ENDPOINT);
          Optional<Integer> found = fraudOffset(audit, segment.firstStep());
          if (found.isPresent()) {
            if (segment.tamperedOffsets().get(found.get())) {
              caught++;
            } else {
              falseFindings++;
            }
          } else if (audit.outcome() != AuditOutcome.CLEAN) {
            throw new IllegalStateException("an audit neither clean nor fraud: " + audit);
          }
        }
        cells.add(
            new DetectionCell(
                cheat.label(), length, segment.tamperedSteps(), k, trials, caught, falseFindings));
      }
    }
    return cells;
  }

  private static Optional<Integer> fraudOffset(SegmentAudit audit, long firstStep) {
    if (audit.outcome() != AuditOutcome.FRAUD) {
      return Optional.empty();
    }
    Finding finding = audit.finding().orElseThrow();
    return Optional.of(Math.toIntExact(finding.step() - firstStep));
  }

  private static Bytes32 randomness(Cheat cheat, int audits, int trial) {
    String label = "polyculture.detection/" + cheat.label() + "/k=" + audits + "/" + trial;
    return Keccak256.hash(Bytes.wrap(label.getBytes(StandardCharsets.UTF_8)));
  }
}
