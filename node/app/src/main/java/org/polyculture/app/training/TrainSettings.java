package org.polyculture.app.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;

/**
 * Everything a training run is started with, validated: what {@code polyculture train}'s options
 * (and the demo) map into.
 *
 * @param configName the named configuration the model config came from
 * @param config the model config, with the schedule length of this run
 * @param dataset the packed dataset directory
 * @param steps how many steps to train
 * @param timeLimit stop early, after the step that crosses it
 * @param heldOutWindows at most this many held-out windows are scored at the end
 */
public record TrainSettings(
    String configName,
    ModelConfig config,
    Path dataset,
    int steps,
    BackendChoice backend,
    int threads,
    long seed,
    int checkpointEvery,
    Path out,
    Optional<Duration> timeLimit,
    int heldOutWindows) {

  public static Builder builder() {
    return new Builder();
  }

  /** Collects option values; {@link #build()} checks them all and names every problem. */
  public static final class Builder {
    private String configName = "nano";
    private Optional<Integer> totalSteps = Optional.empty();
    private Path dataset;
    private int steps = 1;
    private BackendChoice backend = BackendChoice.CPU;
    private int threads = 1;
    private long seed = 1;
    private int checkpointEvery = 100;
    private Path out;
    private Optional<Duration> timeLimit = Optional.empty();
    private int heldOutWindows = 64;

    private Builder() {}

    public Builder configName(String configName) {
      this.configName = configName;
      return this;
    }

    /** The schedule length; defaults to {@code steps}. */
    public Builder totalSteps(Optional<Integer> totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder dataset(Path dataset) {
      this.dataset = dataset;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder backend(BackendChoice backend) {
      this.backend = backend;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder checkpointEvery(int checkpointEvery) {
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    public Builder out(Path out) {
      this.out = out;
      return this;
    }

    public Builder timeLimit(Optional<Duration> timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    public Builder heldOutWindows(int heldOutWindows) {
      this.heldOutWindows = heldOutWindows;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every invalid value
     */
    public TrainSettings build() {
      List<String> problems = new ArrayList<>();
      Optional<NamedConfig> named = NamedConfig.byName(configName);
      if (named.isEmpty()) {
        problems.add("unknown config '" + configName + "'");
      }
      if (steps < 1) {
        problems.add("--steps must be at least 1, was " + steps);
      }
      int total = totalSteps.orElse(steps);
      if (total < steps) {
        problems.add("--total-steps (" + total + ") must be at least --steps (" + steps + ")");
      }
      if (threads < 1 || threads > 1024) {
        problems.add("--threads must be in [1, 1024], was " + threads);
      }
      if (checkpointEvery < 1) {
        problems.add("--checkpoint-every must be at least 1, was " + checkpointEvery);
      }
      if (seed < 0) {
        problems.add("--seed must not be negative, was " + seed);
      }
      if (dataset == null) {
        problems.add("--dataset is required");
      }
      if (out == null) {
        problems.add("--out is required");
      }
      ModelConfig config = null;
      if (named.isPresent() && steps >= 1 && total >= steps) {
        ModelConfig template = named.get().config();
        ModelConfig.Builder builder =
            template.toBuilder()
                .totalSteps(total)
                .warmupSteps(Math.min(template.warmupSteps(), total));
        problems.addAll(builder.problems());
        if (builder.problems().isEmpty()) {
          config = builder.build();
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new TrainSettings(
          configName,
          config,
          dataset,
          steps,
          backend,
          threads,
          seed,
          checkpointEvery,
          out,
          timeLimit,
          heldOutWindows);
    }
  }
}
