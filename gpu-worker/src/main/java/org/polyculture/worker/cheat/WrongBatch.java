package org.polyculture.worker.cheat;

import org.polyculture.engine.train.StepOutcome;

/** Trains one step on the batch of the step after it (data it was not assigned). */
final class WrongBatch implements CheatStrategy {

  private final AtOffset at;

  WrongBatch(AtOffset at) {
    this.at = at;
  }

  @Override
  public String name() {
    return "wrong-batch";
  }

  @Override
  public StepOutcome step(CheatStep step) {
    return at.matches(step) ? step.onBatchOf(step.before().step() + 1) : step.honest();
  }
}
