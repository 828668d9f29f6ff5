package org.polyculture.verifier;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.polyculture.protocol.audit.AuditSampler;

/**
 * How a verifier node runs. Immutable; built and validated by {@link Builder}.
 *
 * @param auditsPerSegment k: steps recomputed per committed segment (fewer when S is smaller); 0
 *     runs the node for jury duty only
 * @param stake the stake to keep bonded; empty means the dispute manager's minimum juror stake
 * @param endpoint the URL registered with the staking contract (where this node's report is)
 * @param pollInterval the pause between passes when there is nothing to do
 * @param reportedAudits how many of the latest audits the report lists
 */
public record VerifierSettings(
    int auditsPerSegment,
    Optional<BigInteger> stake,
    String endpoint,
    Duration pollInterval,
    int reportedAudits,
    Duration disputeStaggerStep) {

  public static final int DEFAULT_AUDITS_PER_SEGMENT = 4;
  public static final int MAX_ENDPOINT_LENGTH = 256;

  /**
   * How long a finding waits per step of its {@link DisputeStagger} rank, besides one block per
   * step: verifiers' own transactions make blocks, so blocks alone do not space them out.
   */
  public static final Duration DEFAULT_DISPUTE_STAGGER_STEP = Duration.ofSeconds(5);

  public VerifierSettings {
    Objects.requireNonNull(stake, "stake");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(disputeStaggerStep, "disputeStaggerStep");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects settings and refuses invalid ones with every problem listed. */
  public static final class Builder {
    private int auditsPerSegment = DEFAULT_AUDITS_PER_SEGMENT;
    private Optional<BigInteger> stake = Optional.empty();
    private String endpoint = "none";
    private Duration pollInterval = Duration.ofSeconds(1);
    private int reportedAudits = 1_000;
    private Duration disputeStaggerStep = DEFAULT_DISPUTE_STAGGER_STEP;

    public Builder auditsPerSegment(int k) {
      this.auditsPerSegment = k;
      return this;
    }

    public Builder stake(Optional<BigInteger> amount) {
      this.stake = amount;
      return this;
    }

    public Builder endpoint(String url) {
      this.endpoint = url;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    public Builder reportedAudits(int count) {
      this.reportedAudits = count;
      return this;
    }

    /** The wait per stagger rank before disputing; zero leaves only the blocks. */
    public Builder disputeStaggerStep(Duration step) {
      this.disputeStaggerStep = step;
      return this;
    }

    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (auditsPerSegment < 0 || auditsPerSegment > AuditSampler.MAX_PICKS) {
        problems.add(
            "--audits-per-segment must be in [0, "
                + AuditSampler.MAX_PICKS
                + "], was "
                + auditsPerSegment);
      }
      if (stake.isPresent() && stake.get().signum() <= 0) {
        problems.add("the stake must be positive");
      }
      if (endpoint == null || endpoint.isEmpty() || endpoint.length() > MAX_ENDPOINT_LENGTH) {
        problems.add("the endpoint must have 1 to " + MAX_ENDPOINT_LENGTH + " characters");
      }
      if (pollInterval == null
          || pollInterval.isNegative()
          || pollInterval.isZero()
          || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
        problems.add("the poll interval must be in (0, 10 min]");
      }
      if (reportedAudits < 1 || reportedAudits > 100_000) {
        problems.add("the report lists 1 to 100000 audits");
      }
      if (disputeStaggerStep == null
          || disputeStaggerStep.isNegative()
          || disputeStaggerStep.compareTo(Duration.ofMinutes(5)) > 0) {
        problems.add("the dispute stagger step must be in [0, 5 min]");
      }
      return problems;
    }

    public VerifierSettings build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new VerifierSettings(
          auditsPerSegment, stake, endpoint, pollInterval, reportedAudits, disputeStaggerStep);
    }
  }
}
