package org.polyculture.app.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.engine.model.NamedConfig;

/**
 * How a devnet runs: where its files go, how many workers and verifiers, the demo job (model,
 * corpus, segments of S steps, reward, stake, windows), the audits, how fast chain time moves, and
 * optionally a scripted {@link Scenario}. Immutable; {@link Builder} validates.
 *
 * @param dataDirectory everything the devnet writes (keys, deployment, dataset, node data, logs)
 * @param corpus the text files (a directory) the demo dataset is packed from
 * @param workers worker nodes
 * @param verifiers verifier nodes (the jury pool too: a dispute needs {@code jurySize} besides the
 *     challenger)
 * @param model the demo model, a named configuration
 * @param audits steps each verifier recomputes per segment
 * @param threads threads of each node's backend
 * @param timeScale chain seconds per wall-clock second (the block producer moves the clock)
 * @param inProcess run the nodes inside this JVM instead of as processes
 * @param api start the API (as a process) on a free port
 * @param scenario the scripted scenario, if any
 * @param scenarioTimeout how long a scenario may take before it is called failed
 */
public record DevnetSettings(
    Path dataDirectory,
    Path corpus,
    int workers,
    int verifiers,
    NamedConfig model,
    long jobSeed,
    int segments,
    int segmentLength,
    BigInteger rewardPerSegment,
    BigInteger minWorkerStake,
    Duration challengeWindow,
    Duration leaseDuration,
    int audits,
    int threads,
    int timeScale,
    boolean inProcess,
    boolean api,
    Optional<Scenario> scenario,
    Duration scenarioTimeout,
    DeploymentParameters deployment) {

  /** POLY each verifier receives: the minimum juror stake and room for a few dispute bonds. */
  public BigInteger verifierTokens() {
    return deployment
        .disputes()
        .minJurorStake()
        .add(deployment.disputes().bond().multiply(BigInteger.TEN));
  }

  /**
   * {@code base} with a voting period of {@code period}: people voting in the web UI switch
   * accounts and read the proposal, which the tests' minute does not allow (the demo community's
   * own proposal fast-forwards through it either way).
   */
  public static DeploymentParameters withVotingPeriod(DeploymentParameters base, Duration period) {
    return new DeploymentParameters(
        base.tokenSupply(),
        base.treasury(),
        base.timelockDelay(),
        base.votingDelay(),
        period,
        base.proposalThreshold(),
        base.quorumPercent(),
        base.unbondingDelay(),
        base.disputes());
  }

  /**
   * {@code base} with both jury periods (commit and reveal) set to {@code period}: on loaded cores
   * a juror's recomputation and its two transactions can take longer than the devnet's minute.
   */
  public static DeploymentParameters withJuryPeriods(DeploymentParameters base, Duration period) {
    DeploymentParameters.Disputes d = base.disputes();
    return new DeploymentParameters(
        base.tokenSupply(),
        base.treasury(),
        base.timelockDelay(),
        base.votingDelay(),
        base.votingPeriod(),
        base.proposalThreshold(),
        base.quorumPercent(),
        base.unbondingDelay(),
        new DeploymentParameters.Disputes(
            d.bond(),
            d.minJurorStake(),
            d.jurySize(),
            d.drawDelayBlocks(),
            period,
            period,
            d.finderShareBps(),
            d.jurorRewardBps(),
            d.jurorPenaltyBps(),
            d.workerSlashBps()));
  }

  public long totalSteps() {
    return (long) segments * segmentLength;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the settings; {@link #build()} lists every problem at once. */
  public static final class Builder {
    private Path dataDirectory;
    private Path corpus;
    private int workers = 2;
    private int verifiers = 4;
    private NamedConfig model = NamedConfig.NANO;
    private long jobSeed = 1;
    private int segments = 200;
    private int segmentLength = 20;
    private BigInteger rewardPerSegment = DeploymentParameters.tokens(10);
    private BigInteger minWorkerStake = DeploymentParameters.tokens(1_000);
    private Duration challengeWindow = Duration.ofSeconds(60);
    private Duration leaseDuration = Duration.ofSeconds(120);
    private int audits = 4;
    private int threads = 1;
    private int timeScale = 2;
    private boolean inProcess;
    private boolean api = true;
    private Optional<Scenario> scenario = Optional.empty();
    private Duration scenarioTimeout = Duration.ofMinutes(10);
    private DeploymentParameters deployment = DeploymentParameters.devnet();

    private Builder() {}

    public Builder dataDirectory(Path value) {
      this.dataDirectory = value;
      return this;
    }

    public Builder corpus(Path value) {
      this.corpus = value;
      return this;
    }

    public Builder workers(int value) {
      this.workers = value;
      return this;
    }

    public Builder verifiers(int value) {
      this.verifiers = value;
      return this;
    }

    /** The demo model; the proposal stretches its learning-rate schedule to the job's steps. */
    public Builder model(NamedConfig value) {
      this.model = value;
      return this;
    }

    public Builder jobSeed(long value) {
      this.jobSeed = value;
      return this;
    }

    public Builder segments(int value) {
      this.segments = value;
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

    public Builder audits(int value) {
      this.audits = value;
      return this;
    }

    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    public Builder timeScale(int value) {
      this.timeScale = value;
      return this;
    }

    public Builder inProcess(boolean value) {
      this.inProcess = value;
      return this;
    }

    public Builder api(boolean value) {
      this.api = value;
      return this;
    }

    public Builder scenario(Optional<Scenario> value) {
      this.scenario = value;
      return this;
    }

    public Builder scenarioTimeout(Duration value) {
      this.scenarioTimeout = value;
      return this;
    }

    public Builder deployment(DeploymentParameters value) {
      this.deployment = value;
      return this;
    }

    public DevnetSettings build() {
      List<String> problems = new ArrayList<>();
      if (dataDirectory == null) {
        problems.add("the data directory is required");
      }
      if (corpus == null) {
        problems.add("the corpus directory is required");
      }
      if (workers < 1 || workers > 16) {
        problems.add("workers must be in [1, 16], was " + workers);
      }
      if (verifiers < 1 || verifiers > 32) {
        problems.add("verifiers must be in [1, 32], was " + verifiers);
      }
      if (scenario.isPresent() && scenario.get().cheat().isPresent() && workers < 2) {
        problems.add("a cheating scenario needs a second, honest worker (--workers 2 or more)");
      }
      if (segments < 1 || segments > 100_000) {
        problems.add("segments must be in [1, 100000], was " + segments);
      }
      if (segmentLength < 1 || segmentLength > 100_000) {
        problems.add("the segment length must be in [1, 100000], was " + segmentLength);
      }
      if (audits < 0 || audits > 1_024) {
        problems.add("audits must be in [0, 1024], was " + audits);
      }
      if (threads < 1 || threads > 256) {
        problems.add("threads must be in [1, 256], was " + threads);
      }
      if (timeScale < 1 || timeScale > 60) {
        problems.add("the time scale must be in [1, 60], was " + timeScale);
      }
      if (inProcess && api) {
        problems.add("the API runs only as a process: in-process devnets run without it");
      }
      if (scenarioTimeout.isNegative() || scenarioTimeout.isZero()) {
        problems.add("the scenario timeout must be positive");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new DevnetSettings(
          dataDirectory,
          corpus,
          workers,
          verifiers,
          Objects.requireNonNull(model),
          jobSeed,
          segments,
          segmentLength,
          rewardPerSegment,
          minWorkerStake,
          challengeWindow,
          leaseDuration,
          audits,
          threads,
          timeScale,
          inProcess,
          api,
          scenario,
          scenarioTimeout,
          deployment);
    }
  }
}
