package org.polyculture.verifier.audit;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** One step recomputed: the hash of the state after it, the step's loss, and the time it took. */
public record Recomputation(Bytes32 stateHash, float loss, long nanos) {

  public Recomputation {
    Objects.requireNonNull(stateHash, "stateHash");
  }
}
