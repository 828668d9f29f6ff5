package org.polyculture.worker.cheat;

import java.util.Optional;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.Schedule;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;

/**
 * One training step as a {@link CheatStrategy} sees it: where it is in its segment, the state
 * before it, and ways to compute it honestly or not.
 */
public final class CheatStep {

  private final int offset;
  private final int segmentLength;
  private final TrainingState before;
  private final StepExecutor executor;
  private final BatchSampler sampler;
  private Optional<StepOutcome> honest = Optional.empty();

  public CheatStep(
      int offset,
      int segmentLength,
      TrainingState before,
      StepExecutor executor,
      BatchSampler sampler) {
    this.offset = offset;
    this.segmentLength = segmentLength;
    this.before = before;
    this.executor = executor;
    this.sampler = sampler;
  }

  /** The step's position in its segment, from 0. */
  public int offset() {
    return offset;
  }

  public int segmentLength() {
    return segmentLength;
  }

  public TrainingState before() {
    return before;
  }

  /** The step as the protocol defines it (computed once). */
  public StepOutcome honest() {
    if (honest.isEmpty()) {
      honest = Optional.of(executor.step(before, sampler.sample(before.step())));
    }
    return honest.get();
  }

  /** The step computed on the batch of global step {@code batchStep} instead of its own. */
  public StepOutcome onBatchOf(long batchStep) {
    return executor.step(before, sampler.sample(batchStep));
  }

  /**
   * The state before the step presented as the state after it: the step counter and AdamW's beta
   * powers advance as the schedule says, the parameters and moments do not change. Costs nothing.
   */
  public StepOutcome reuse() {
    Schedule.ScheduledStep scheduled =
        new Schedule(before.config())
            .forStep(before.step(), before.beta1Power(), before.beta2Power());
    TrainingState reused =
        before.next(
            scheduled.nextBeta1Power(),
            scheduled.nextBeta2Power(),
            before.parameters(),
            before.firstMoments(),
            before.secondMoments());
    return new StepOutcome(reused, Float.NaN);
  }
}
