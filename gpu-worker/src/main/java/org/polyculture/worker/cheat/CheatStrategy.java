package org.polyculture.worker.cheat;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.transfer.server.ServableState;
import org.polyculture.worker.Commitment;

/**
 * How a worker departs from the protocol, for the adversarial suite (a test instrument: see the
 * package documentation). Every hook defaults to honest behaviour; a strategy overrides the ones
 * its cheat needs. Strategies are deterministic, so a worker that recomputes a state to serve it
 * gets the same (wrong) state it committed to.
 */
public interface CheatStrategy {

  /** The honest worker. */
  CheatStrategy NONE =
      new CheatStrategy() {
        @Override
        public String name() {
          return "none";
        }
      };

  /** The name {@code --cheat} takes. */
  String name();

  /** The state after a step, as this worker records it. */
  default StepOutcome step(CheatStep step) {
    return step.honest();
  }

  /** Whether the worker trains at all (one that makes up its commitment does not). */
  default boolean trains() {
    return true;
  }

  /** The commitment the worker sends, given the one its training produced. */
  default Commitment commitment(Commitment trained, CommitContext context) {
    return trained;
  }

  /** What the worker's server hands out for one of its states. */
  default Optional<ServableState> serve(Bytes32 stateHash, Optional<ServableState> honest) {
    return honest;
  }

  /** Whether the worker stops serving and acting once its commitment is on chain. */
  default boolean vanishesAfterCommit() {
    return false;
  }

  /** Whether this is a cheat at all. */
  default boolean isCheating() {
    return this != NONE;
  }
}
