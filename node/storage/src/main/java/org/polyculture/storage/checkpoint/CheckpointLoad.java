package org.polyculture.storage.checkpoint;

import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.TrainingState;

/** The outcome of loading a stored training state. */
public sealed interface CheckpointLoad {

  /** The state after {@code step} steps, verified against its recorded hash. */
  record Loaded(TrainingState state, Bytes32 stateHash) implements CheckpointLoad {}

  /** No checkpoint of the state after {@code step} steps is stored. */
  record Missing(long step) implements CheckpointLoad {}

  /** A checkpoint is stored but cannot be used. */
  record Rejected(long step, Reason reason, String detail) implements CheckpointLoad {}

  /** Why a stored checkpoint is unusable. */
  enum Reason {
    /** The bytes are not a canonical state (truncated, bad magic, trailing bytes...). */
    CORRUPT,
    /** The state was computed under a numerics spec version this node does not implement. */
    UNSUPPORTED_SPEC_VERSION,
    /** The state is for another model config than the run's. */
    CONFIG_MISMATCH,
    /** The bytes decode but hash differently from the hash recorded when they were written. */
    HASH_MISMATCH,
    /** The state was stored without a recorded hash to check it against. */
    NO_RECORDED_HASH,
    /** The decoded state's step counter is not the step it is stored under. */
    WRONG_STEP
  }
}
