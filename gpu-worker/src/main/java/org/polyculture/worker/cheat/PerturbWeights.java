package org.polyculture.worker.cheat;

import java.util.List;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepOutcome;

/**
 * Computes one step honestly, then nudges one weight by one unit in the last place: the smallest
 * change there is, invisible to any tolerance, caught by a bitwise recomputation of that step.
 */
final class PerturbWeights implements CheatStrategy {

  private final AtOffset at;

  PerturbWeights(AtOffset at) {
    this.at = at;
  }

  @Override
  public String name() {
    return "perturb-weights";
  }

  @Override
  public StepOutcome step(CheatStep step) {
    StepOutcome honest = step.honest();
    if (!at.matches(step)) {
      return honest;
    }
    TrainingState after = honest.state();
    List<float[]> parameters = after.parameters().toArrays();
    float[] first = parameters.get(0);
    first[0] = Math.nextUp(first[0]);
    TrainingState perturbed =
        new TrainingState(
            after.specVersion(),
            after.config(),
            after.jobSeed(),
            after.datasetRoot(),
            after.step(),
            after.beta1Power(),
            after.beta2Power(),
            ModelTensors.copyOf(after.parameters().layout(), parameters),
            after.firstMoments(),
            after.secondMoments());
    return new StepOutcome(perturbed, honest.loss());
  }
}
