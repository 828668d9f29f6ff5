package org.polyculture.verifier.audit;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.verifier.job.JobDescription;

/**
 * Accepts fetched state bytes as the state before a step of a job only if they decode strictly
 * under the job's model config and carry the job's seed, its dataset root and the step.
 */
public final class StateAcceptance {

  private StateAcceptance() {}

  /** The decoded state, or the rejection. */
  public static Accepted accept(Bytes bytes, JobDescription job, long step) {
    DecodeResult<TrainingState> decoded = StateCodec.decode(bytes, job.config());
    if (!decoded.isValid()) {
      return rejected(StateRejection.UNDECODABLE, decoded.error().orElseThrow().toString());
    }
    TrainingState state = decoded.value();
    if (state.step() != step) {
      return rejected(
          StateRejection.WRONG_STEP, "the state is at step " + state.step() + ", not " + step);
    }
    if (state.jobSeed() != job.seed() || !state.datasetRoot().equals(job.datasetRoot())) {
      return rejected(
          StateRejection.WRONG_JOB,
          "the state has seed " + state.jobSeed() + " and dataset " + state.datasetRoot());
    }
    return new Accepted(Optional.of(state), ValidationResult.valid());
  }

  private static Accepted rejected(StateRejection reason, String message) {
    return new Accepted(Optional.empty(), ValidationResult.invalid(reason, message));
  }

  /** A state, when {@code result} is valid. */
  public record Accepted(Optional<TrainingState> state, ValidationResult<StateRejection> result) {
    public Accepted {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(result, "result");
      if (state.isPresent() != result.isValid()) {
        throw new IllegalArgumentException("a state exactly when valid");
      }
    }
  }
}
