package org.polyculture.verifier.chain;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** The part of a fraud dispute's evidence that its event leaves out: the state before the step. */
public record FraudCalldata(long step, Bytes32 beforeStateHash, Bytes32 afterStateHash) {

  public FraudCalldata {
    Objects.requireNonNull(beforeStateHash, "beforeStateHash");
    Objects.requireNonNull(afterStateHash, "afterStateHash");
  }
}
