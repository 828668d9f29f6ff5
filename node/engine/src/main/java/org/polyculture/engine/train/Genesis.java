package org.polyculture.engine.train;

import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.Initializer;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.state.TrainingState;

/** The state before a job's first step (docs/numerics.md §5.5). */
public final class Genesis {

  private Genesis() {}

  /**
   * Step 0, parameters from {@link Initializer}, AdamW moments {@code +0.0f}, beta powers {@code
   * 1.0f}.
   */
  public static TrainingState state(ModelConfig config, long seed, Bytes32 datasetRoot) {
    ParameterLayout layout = new ParameterLayout(config);
    return TrainingState.of(
        config,
        seed,
        datasetRoot,
        0,
        1.0f,
        1.0f,
        Initializer.parameters(config, seed),
        ModelTensors.zeros(layout),
        ModelTensors.zeros(layout));
  }
}
