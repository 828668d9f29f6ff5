package org.polyculture.verifier.audit;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.merkle.MerkleProof;

/** What an audit found that is worth a dispute, with everything the dispute needs. */
public sealed interface Finding {

  /** The global step the dispute names. */
  long step();

  /**
   * A committed step whose recomputation differs: the committed states before and after the step
   * with their proofs against the step root (the segment's first step has the start state and an
   * empty proof before it), and the state hash this node computed.
   *
   * @param selfEvident the disputed step is the segment's last and its leaf differs from the
   *     committed end state, which the contract judges at once
   */
  record Fraud(
      long step,
      Bytes32 beforeStateHash,
      MerkleProof beforeProof,
      Bytes32 afterStateHash,
      MerkleProof afterProof,
      Bytes32 challengerStateHash,
      boolean selfEvident)
      implements Finding {

    public Fraud {
      Objects.requireNonNull(beforeStateHash, "beforeStateHash");
      Objects.requireNonNull(beforeProof, "beforeProof");
      Objects.requireNonNull(afterStateHash, "afterStateHash");
      Objects.requireNonNull(afterProof, "afterProof");
      Objects.requireNonNull(challengerStateHash, "challengerStateHash");
      if (challengerStateHash.equals(afterStateHash)) {
        throw new IllegalArgumentException("a fraud finding needs a different state hash");
      }
    }
  }

  /**
   * A segment whose per-step state hashes the worker did not serve, or served hashes that do not
   * rebuild {@code stepRoot}; the dispute names the segment's first step.
   */
  record StepListWithheld(long step, Bytes32 stepRoot, String reason) implements Finding {

    public StepListWithheld {
      Objects.requireNonNull(stepRoot, "stepRoot");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A committed state the worker did not serve: the state after global step {@code step}, with its
   * proof against the step root.
   */
  record Unavailable(long step, Bytes32 stateHash, MerkleProof proof, String reason)
      implements Finding {

    public Unavailable {
      Objects.requireNonNull(stateHash, "stateHash");
      Objects.requireNonNull(proof, "proof");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
