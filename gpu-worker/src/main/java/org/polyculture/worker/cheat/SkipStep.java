package org.polyculture.worker.cheat;

import org.polyculture.engine.train.StepOutcome;

/** Skips one step: the state before it is presented as the state after it. */
final class SkipStep implements CheatStrategy {

  private final AtOffset at;

  SkipStep(AtOffset at) {
    this.at = at;
  }

  @Override
  public String name() {
    return "skip-step";
  }

  @Override
  public StepOutcome step(CheatStep step) {
    return at.matches(step) ? step.reuse() : step.honest();
  }
}
