package org.polyculture.worker.cheat;

import java.util.ArrayList;
import java.util.List;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepOutcome;

/**
 * Applies one step's parameter update at twice the scheduled learning rate. AdamW's update (with
 * its weight decay) is proportional to the learning rate and the moments do not depend on it, so
 * {@code before + 2 × (after − before)} is the step at the doubled rate.
 */
final class WrongLearningRate implements CheatStrategy {

  static final float FACTOR = 2.0f;

  private final AtOffset at;

  WrongLearningRate(AtOffset at) {
    this.at = at;
  }

  @Override
  public String name() {
    return "wrong-learning-rate";
  }

  @Override
  public StepOutcome step(CheatStep step) {
    StepOutcome honest = step.honest();
    if (!at.matches(step)) {
      return honest;
    }
    TrainingState before = step.before();
    TrainingState after = honest.state();
    List<float[]> scaled = new ArrayList<>(after.parameters().count());
    for (int i = 0; i < after.parameters().count(); i++) {
      float[] from = before.parameters().toArray(i);
      float[] to = after.parameters().toArray(i);
      for (int j = 0; j < to.length; j++) {
        to[j] = from[j] + FACTOR * (to[j] - from[j]);
      }
      scaled.add(to);
    }
    TrainingState cheated =
        new TrainingState(
            after.specVersion(),
            after.config(),
            after.jobSeed(),
            after.datasetRoot(),
            after.step(),
            after.beta1Power(),
            after.beta2Power(),
            ModelTensors.copyOf(after.parameters().layout(), scaled),
            after.firstMoments(),
            after.secondMoments());
    return new StepOutcome(cheated, honest.loss());
  }
}
