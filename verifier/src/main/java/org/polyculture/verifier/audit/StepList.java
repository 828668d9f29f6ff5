package org.polyculture.verifier.audit;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.FetchResult;
import org.polyculture.verifier.fetch.WorkerData;

/**
 * A segment's per-step state hashes as its worker serves them, checked here against the committed
 * step root whatever the transport checked: the audit and the step-list jury vote both rest on this
 * comparison.
 */
public sealed interface StepList {

  /** The served hashes rebuild the committed root. */
  record Rebuilt(StepMerkleTree tree) implements StepList {}

  /** Nothing was served, or hashes that do not rebuild the committed root. */
  record Withheld(String reason) implements StepList {}

  /**
   * Asks the worker at {@code endpoint} (under {@code policy}) for the {@code length} step hashes
   * of a segment whose first step is {@code firstStep} and rebuilds the root from them.
   */
  static StepList fetch(
      WorkerData workers,
      FetchPolicy policy,
      String endpoint,
      BigInteger jobId,
      long segment,
      long firstStep,
      int length,
      Bytes32 committedRoot) {
    FetchResult<List<Bytes32>> served =
        policy.fetch(
            () ->
                workers.segmentStepHashes(
                    endpoint, jobId, segment, firstStep, length, committedRoot));
    if (served instanceof FetchResult.Failed<List<Bytes32>> failed) {
      return new Withheld("the worker did not serve the step hashes: " + failed);
    }
    List<Bytes32> hashes = served.value().orElseThrow();
    if (hashes.size() != length) {
      return new Withheld(
          "the worker served " + hashes.size() + " step hashes for " + length + " steps");
    }
    StepMerkleTree tree = StepMerkleTree.of(firstStep, hashes);
    if (!tree.root().equals(committedRoot)) {
      return new Withheld(
          "the served step hashes rebuild root "
              + tree.root()
              + ", not the committed "
              + committedRoot);
    }
    return new Rebuilt(tree);
  }
}
