package org.polyculture.engine.state;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.NumericsSpecVersion;
import org.polyculture.engine.model.ParameterLayout;

/**
 * Everything the next training step depends on (docs/state.md §1): the numerics spec version, the
 * model config, the job seed, the dataset root, the number of steps taken, AdamW's carried beta
 * powers, the parameters and AdamW's two moments.
 *
 * <p>There is no separate RNG counter or data cursor: randomness is counter-based (Philox keyed by
 * the seed, counter = step, purpose, index), so the seed and the step are the whole RNG state, and
 * the batch of step {@code t} is a function of them (docs/numerics.md §4, §5.5).
 *
 * @param specVersion numerics spec version the state was computed under
 * @param step the number of steps taken; the next step is the step with index {@code step}
 * @param beta1Power {@code beta1^step}, carried so that no power is ever computed
 * @param beta2Power {@code beta2^step}
 */
public record TrainingState(
    int specVersion,
    ModelConfig config,
    long jobSeed,
    Bytes32 datasetRoot,
    long step,
    float beta1Power,
    float beta2Power,
    ModelTensors parameters,
    ModelTensors firstMoments,
    ModelTensors secondMoments) {

  /** Steps must stay below 2^32: the step is a word of the Philox counter. */
  public static final long MAX_STEP = 0xFFFF_FFFFL;

  public TrainingState {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(firstMoments, "firstMoments");
    Objects.requireNonNull(secondMoments, "secondMoments");
    if (step < 0 || step > MAX_STEP) {
      throw new IllegalArgumentException("step must be in [0, 2^32), was " + step);
    }
    ParameterLayout layout = new ParameterLayout(config);
    requireLayout(parameters, layout, "parameters");
    requireLayout(firstMoments, layout, "firstMoments");
    requireLayout(secondMoments, layout, "secondMoments");
  }

  /** A state under the current numerics spec version. */
  public static TrainingState of(
      ModelConfig config,
      long jobSeed,
      Bytes32 datasetRoot,
      long step,
      float beta1Power,
      float beta2Power,
      ModelTensors parameters,
      ModelTensors firstMoments,
      ModelTensors secondMoments) {
    return new TrainingState(
        NumericsSpecVersion.CURRENT,
        config,
        jobSeed,
        datasetRoot,
        step,
        beta1Power,
        beta2Power,
        parameters,
        firstMoments,
        secondMoments);
  }

  /** The state after one more step with the given new values. */
  public TrainingState next(
      float nextBeta1Power,
      float nextBeta2Power,
      ModelTensors nextParameters,
      ModelTensors nextFirstMoments,
      ModelTensors nextSecondMoments) {
    return new TrainingState(
        specVersion,
        config,
        jobSeed,
        datasetRoot,
        step + 1,
        nextBeta1Power,
        nextBeta2Power,
        nextParameters,
        nextFirstMoments,
        nextSecondMoments);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrainingState that
        && specVersion == that.specVersion
        && jobSeed == that.jobSeed
        && step == that.step
        && Float.floatToIntBits(beta1Power) == Float.floatToIntBits(that.beta1Power)
        && Float.floatToIntBits(beta2Power) == Float.floatToIntBits(that.beta2Power)
        && config.equals(that.config)
        && datasetRoot.equals(that.datasetRoot)
        && parameters.equals(that.parameters)
        && firstMoments.equals(that.firstMoments)
        && secondMoments.equals(that.secondMoments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(specVersion, config, jobSeed, datasetRoot, step, parameters);
  }

  @Override
  public String toString() {
    return "TrainingState[step="
        + step
        + ", spec v"
        + specVersion
        + ", seed="
        + jobSeed
        + ", dataset="
        + datasetRoot.toShortHexString()
        + ", "
        + config
        + "]";
  }

  private static void requireLayout(ModelTensors tensors, ParameterLayout layout, String what) {
    if (!tensors.layout().equals(layout)) {
      throw new IllegalArgumentException(what + " do not match the layout of " + layout.config());
    }
  }
}
