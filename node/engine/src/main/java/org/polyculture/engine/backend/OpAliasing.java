package org.polyculture.engine.backend;

import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Which ops may write a tensor they also read. Only ops whose every output element depends on the
 * input elements at the same index may work in place; for the others an aliased output would change
 * inputs that are still to be read, so a program that does it is rejected.
 */
public final class OpAliasing {

  private OpAliasing() {}

  public static void requireNoForbiddenAliasing(Op op) {
    if (isElementwise(op)) {
      return;
    }
    List<TensorSpec> inputs = op.inputs();
    for (TensorSpec output : op.outputs()) {
      for (TensorSpec input : inputs) {
        if (output.name().equals(input.name())) {
          throw new IllegalArgumentException(
              op.name() + ": writes " + output.name() + ", which it also reads");
        }
      }
    }
    List<TensorSpec> outputs = op.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      for (int j = i + 1; j < outputs.size(); j++) {
        if (outputs.get(i).name().equals(outputs.get(j).name())) {
          throw new IllegalArgumentException(
              op.name() + ": writes " + outputs.get(i).name() + " twice");
        }
      }
    }
  }

  private static boolean isElementwise(Op op) {
    return op instanceof Op.Add
        || op instanceof Op.Gelu
        || op instanceof Op.GeluBackward
        || op instanceof Op.CrossEntropyBackward
        || op instanceof Op.AdamW;
  }
}
