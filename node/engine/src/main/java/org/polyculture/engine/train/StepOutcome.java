package org.polyculture.engine.train;

import org.polyculture.engine.state.TrainingState;

/**
 * The result of one training step.
 *
 * @param state the state after the step
 * @param loss the step's mean cross-entropy loss (nats per byte) on its batch
 */
public record StepOutcome(TrainingState state, float loss) {}
