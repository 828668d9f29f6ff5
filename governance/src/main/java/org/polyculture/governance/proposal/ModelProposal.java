package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;

/**
 * What a community asks the commons to train: a model (a named or explicit configuration), a job
 * seed, a dataset, and the job's terms (steps, segment length, reward, stake, windows). Immutable;
 * built and validated by {@link Builder}, whose {@link Builder#problems()} lists every problem at
 * once so a form can show them together.
 */
public final class ModelProposal {

  public static final int MAX_NAME_LENGTH = 80;
  public static final int MAX_SUMMARY_LENGTH = 2_000;
  public static final Pattern COMMUNITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  /** The ledger's bounds (TrainingLedger.sol). */
  public static final long MAX_SEGMENT_LENGTH = 1_000_000;

  public static final Duration MIN_WINDOW = Duration.ofSeconds(60);
  public static final Duration MAX_WINDOW = Duration.ofDays(30);
  private static final BigInteger UINT128_MAX =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  private static final long UINT32_MAX = 0xffff_ffffL;

  private final String name;
  private final String community;
  private final String summary;
  private final Optional<String> configName;
  private final ModelConfig config;
  private final long seed;
  private final DatasetReference dataset;
  private final long totalSteps;
  private final int segmentLength;
  private final BigInteger rewardPerSegment;
  private final BigInteger minWorkerStake;
  private final Duration challengeWindow;
  private final Duration leaseDuration;
  private final Optional<String> proposer;

  private ModelProposal(Builder builder) {
    this.name = builder.name;
    this.community = builder.community;
    this.summary = builder.summary;
    this.configName = builder.configName;
    this.config = builder.config;
    this.seed = builder.seed;
    this.dataset = builder.dataset;
    this.totalSteps = builder.totalSteps;
    this.segmentLength = builder.segmentLength;
    this.rewardPerSegment = builder.rewardPerSegment;
    this.minWorkerStake = builder.minWorkerStake;
    this.challengeWindow = builder.challengeWindow;
    this.leaseDuration = builder.leaseDuration;
    this.proposer = builder.proposer.map(p -> p.toLowerCase(Locale.ROOT));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String name() {
    return name;
  }

  /** The community's slug: lowercase letters, digits and dashes. */
  public String community() {
    return community;
  }

  public String summary() {
    return summary;
  }

  /** The named configuration the model was chosen as, if any (a label; the values count). */
  public Optional<String> configName() {
    return configName;
  }

  public ModelConfig config() {
    return config;
  }

  public long seed() {
    return seed;
  }

  public DatasetReference dataset() {
    return dataset;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public int segmentLength() {
    return segmentLength;
  }

  public long segments() {
    return totalSteps / segmentLength;
  }

  public BigInteger rewardPerSegment() {
    return rewardPerSegment;
  }

  /** What the treasury escrows: reward per segment times segments. */
  public BigInteger budget() {
    return rewardPerSegment.multiply(BigInteger.valueOf(segments()));
  }

  public BigInteger minWorkerStake() {
    return minWorkerStake;
  }

  public Duration challengeWindow() {
    return challengeWindow;
  }

  public Duration leaseDuration() {
    return leaseDuration;
  }

  /**
   * The address that will submit the proposal, if known: the description then ends with
   * OpenZeppelin's {@code #proposer=} suffix, so nobody else can front-run the same proposal.
   */
  public Optional<String> proposer() {
    return proposer;
  }

  /** Builds and validates a {@link ModelProposal}. */
  public static final class Builder {
    private String name;
    private String community;
    private String summary = "";
    private Optional<String> configName = Optional.empty();
    private ModelConfig config;
    private long seed = 1;
    private DatasetReference dataset;
    private long totalSteps;
    private int segmentLength = 100;
    private BigInteger rewardPerSegment;
    private BigInteger minWorkerStake;
    private Duration challengeWindow = Duration.ofHours(1);
    private Duration leaseDuration = Duration.ofMinutes(10);
    private Optional<String> proposer = Optional.empty();

    private Builder() {}

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder community(String value) {
      this.community = value;
      return this;
    }

    public Builder summary(String value) {
      this.summary = value;
      return this;
    }

    /**
     * A named configuration whose learning-rate schedule is stretched to the job's steps (set
     * {@link #totalSteps} first or after; the schedule follows it at {@link #build()}).
     */
    public Builder model(NamedConfig named) {
      this.configName = Optional.of(named.cliName());
      this.config = named.config();
      return this;
    }

    /** An explicit configuration; its schedule must cover the job's steps. */
    public Builder model(ModelConfig explicit) {
      this.configName = Optional.empty();
      this.config = explicit;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder dataset(DatasetReference value) {
      this.dataset = value;
      return this;
    }

    public Builder totalSteps(long value) {
      this.totalSteps = value;
      return this;
    }

    public Builder segmentLength(int value) {
      this.segmentLength = value;
      return this;
    }

    public Builder rewardPerSegment(BigInteger value) {
      this.rewardPerSegment = value;
      return this;
    }

    public Builder minWorkerStake(BigInteger value) {
      this.minWorkerStake = value;
      return this;
    }

    public Builder challengeWindow(Duration value) {
      this.challengeWindow = value;
      return this;
    }

    public Builder leaseDuration(Duration value) {
      this.leaseDuration = value;
      return this;
    }

    public Builder proposer(Optional<String> value) {
      this.proposer = value;
      return this;
    }

    /** Every problem with the values so far; empty when {@link #build()} will succeed. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      text("name", name, 1, MAX_NAME_LENGTH, false, problems);
      if (community == null || !COMMUNITY.matcher(community).matches()) {
        problems.add(
            "community must be 1-48 lowercase letters, digits or dashes, starting with a letter"
                + " or digit");
      }
      text("summary", summary, 0, MAX_SUMMARY_LENGTH, true, problems);
      if (config == null) {
        problems.add("a model configuration is required");
      }
      if (dataset == null) {
        problems.add("a dataset is required");
      } else {
        problems.addAll(dataset.problems());
      }
      if (segmentLength < 1 || segmentLength > MAX_SEGMENT_LENGTH) {
        problems.add("segment length must be in [1, " + MAX_SEGMENT_LENGTH + "]: " + segmentLength);
      } else if (totalSteps < 1 || totalSteps % segmentLength != 0) {
        problems.add(
            "total steps must be a positive multiple of the segment length ("
                + segmentLength
                + "): "
                + totalSteps);
      } else if (totalSteps / segmentLength > UINT32_MAX) {
        problems.add("too many segments: " + totalSteps / segmentLength);
      }
      if (totalSteps > Integer.MAX_VALUE) {
        problems.add("total steps must fit a model schedule (at most " + Integer.MAX_VALUE + ")");
      }
      if (config != null && configName.isEmpty() && totalSteps > config.totalSteps()) {
        problems.add(
            "the model's learning-rate schedule ("
                + config.totalSteps()
                + " steps) is shorter than the job ("
                + totalSteps
                + " steps)");
      }
      if (config != null
          && configName.isPresent()
          && totalSteps > 0
          && totalSteps <= Integer.MAX_VALUE) {
        problems.addAll(
            config.toBuilder().totalSteps((int) totalSteps).problems().stream()
                .map(p -> "model schedule: " + p)
                .toList());
      }
      amount("reward per segment", rewardPerSegment, problems);
      amount("minimum worker stake", minWorkerStake, problems);
      if (rewardPerSegment != null
          && segmentLength >= 1
          && totalSteps >= segmentLength
          && rewardPerSegment
                  .multiply(BigInteger.valueOf(totalSteps / segmentLength))
                  .compareTo(UINT128_MAX)
              > 0) {
        problems.add("the budget (reward per segment x segments) exceeds the ledger's uint128");
      }
      window("challenge window", challengeWindow, problems);
      window("lease duration", leaseDuration, problems);
      if (proposer == null) {
        problems.add("proposer must be given or empty");
      } else if (proposer.isPresent() && !ADDRESS.matcher(proposer.get()).matches()) {
        problems.add("proposer is not an address: " + proposer.get());
      }
      return problems;
    }

    /**
     * @throws IllegalArgumentException listing every problem when the values are invalid
     */
    public ModelProposal build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      if (configName.isPresent()) {
        config = config.toBuilder().totalSteps((int) totalSteps).build();
      }
      return new ModelProposal(this);
    }

    private static void text(
        String field, String value, int min, int max, boolean newlines, List<String> problems) {
      if (value == null) {
        problems.add(field + " is required");
        return;
      }
      int length = value.codePointCount(0, value.length());
      if (length < min || length > max) {
        problems.add(field + " must be " + min + " to " + max + " characters long");
      }
      boolean control =
          value.codePoints().anyMatch(c -> Character.isISOControl(c) && !(newlines && (c == '\n')));
      if (control) {
        problems.add(field + " must not contain control characters");
      }
      if (!newlines && !value.strip().equals(value)) {
        problems.add(field + " must not start or end with spaces");
      }
    }

    private static void amount(String field, BigInteger value, List<String> problems) {
      if (value == null) {
        problems.add(field + " is required");
      } else if (value.signum() <= 0 || value.compareTo(UINT128_MAX) > 0) {
        problems.add(field + " must be positive and fit uint128");
      }
    }

    private static void window(String field, Duration value, List<String> problems) {
      if (value == null
          || value.compareTo(MIN_WINDOW) < 0
          || value.compareTo(MAX_WINDOW) > 0
          || value.toNanosPart() != 0) {
        problems.add(field + " must be whole seconds in [60 s, 30 days]");
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelProposal that
        && name.equals(that.name)
        && community.equals(that.community)
        && summary.equals(that.summary)
        && configName.equals(that.configName)
        && config.equals(that.config)
        && seed == that.seed
        && dataset.equals(that.dataset)
        && totalSteps == that.totalSteps
        && segmentLength == that.segmentLength
        && rewardPerSegment.equals(that.rewardPerSegment)
        && minWorkerStake.equals(that.minWorkerStake)
        && challengeWindow.equals(that.challengeWindow)
        && leaseDuration.equals(that.leaseDuration)
        && proposer.equals(that.proposer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, community, config, seed, dataset, totalSteps, rewardPerSegment);
  }
}
