package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.polyculture.api.index.DisputeActivity;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.governance.index.ChainMoment;

/** The JSON shapes of jobs, segments, loss curves, audits and disputes. */
public final class JobViews {

  private JobViews() {}

  /** A model's architecture and hyperparameters (docs/numerics.md §5). */
  public record ModelConfig(
      int layers,
      int channels,
      int heads,
      int context,
      int batch,
      int vocab,
      long parameters,
      float maxLearningRate,
      float minLearningRate,
      int warmupSteps,
      int totalSteps,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      float maxGradNorm) {}

  /**
   * A job's terms, as createJob takes them.
   *
   * @param seed the job seed as an unsigned 64-bit decimal
   */
  public record JobTerms(
      String modelSpecHash,
      int numericsSpecVersion,
      ModelConfig config,
      String seed,
      String datasetRoot,
      String datasetManifestHash,
      List<String> datasetLocations,
      String genesisStateHash,
      long totalSteps,
      long segmentLength,
      long segments,
      BigInteger rewardPerSegment,
      BigInteger budget,
      BigInteger minWorkerStake,
      long challengeWindowSeconds,
      long leaseSeconds) {}

  /** What a job costs and buys. */
  public record Cost(
      BigInteger budget,
      BigInteger rewardPerSegment,
      BigInteger budgetPerStep,
      long totalSteps,
      long segments,
      long segmentLength,
      long parameterCount,
      long tokensPerStep,
      long trainingTokens,
      long stateBytes) {}

  /**
   * How far a job is: segments in each status now, steps committed, distinct workers, disputes.
   *
   * @param committedSteps steps of segments committed and not voided
   * @param finalBps finalized (or rewarded) segments as a share of all (basis points)
   */
  public record Progress(
      long claimed,
      long committed,
      long finalized,
      long rewarded,
      long fraud,
      long voided,
      long compensated,
      long committedSteps,
      int finalBps,
      long workers,
      long disputes,
      Optional<ChainMoment> lastCommit) {}

  /** A job in a list. */
  public record JobSummary(
      BigInteger id,
      Optional<BigInteger> proposalId,
      Optional<ProposalViews.ModelSummary> model,
      String modelSpecHash,
      long totalSteps,
      long segmentLength,
      long segments,
      BigInteger rewardPerSegment,
      BigInteger escrow,
      Progress progress,
      Optional<ChainMoment> created) {}

  /** What one worker did on the job. */
  public record WorkerOnJob(String worker, long claims, long commits, long rewarded, long fraud) {}

  /** A job page: summary, terms (absent when its model spec is not one this node decodes). */
  public record JobDetail(
      JobSummary summary,
      Optional<JobTerms> terms,
      Optional<String> termsError,
      List<WorkerOnJob> workers,
      List<BigInteger> disputes) {}

  /** When a segment reached each status (the latest time, after re-claims). */
  public record SegmentTimeline(
      Optional<ChainMoment> claimed,
      Optional<ChainMoment> committed,
      Optional<ChainMoment> finalized,
      Optional<ChainMoment> rewarded,
      Optional<ChainMoment> voided,
      Optional<ChainMoment> compensated) {}

  /**
   * A segment: steps {@code [firstStep, firstStep + segmentLength)} of its job.
   *
   * @param status CLAIMED, COMMITTED, FINALIZED, REWARDED, FRAUD, VOIDED or COMPENSATED
   * @param claims how often it was claimed (a lease that expired is claimed again)
   */
  public record Segment(
      long index,
      long firstStep,
      IndexedSegment.Status status,
      String worker,
      long claims,
      Optional<Long> leaseDeadline,
      Optional<String> startStateHash,
      Optional<String> stepRoot,
      Optional<String> endStateHash,
      SegmentTimeline timeline,
      List<BigInteger> disputes) {}

  /**
   * The steps verifiers audit in a committed segment: {@code AuditSampler.pickOffsets} with the
   * hash of the block after the commit's block as randomness (docs/protocol.md), for {@code picks}
   * steps (the verifiers' default). Empty until that block exists.
   */
  public record Audit(
      long randomnessBlock, Optional<String> randomness, int picks, List<Long> steps) {}

  /** A segment page. */
  public record SegmentDetail(Segment segment, Optional<Audit> audit) {}

  /**
   * One segment of a loss curve.
   *
   * @param availability AVAILABLE, PENDING (being fetched from the worker), UNAVAILABLE (the worker
   *     did not serve it; asked again later) or NOT_COMMITTED
   * @param meanLoss the mean of the segment's finite losses
   */
  public record SegmentLoss(long segment, String availability, Optional<Float> meanLoss) {}

  /** One step's loss, as its worker reported it. */
  public record LossPoint(long step, float loss) {}

  /**
   * A job's loss curve over a range of segments: per segment, and per step unless {@code
   * per=segment} was asked.
   */
  public record LossCurve(
      BigInteger jobId,
      long segmentLength,
      long fromSegment,
      List<SegmentLoss> segments,
      List<LossPoint> points,
      Optional<Long> nextSegment) {}

  /**
   * A dispute.
   *
   * @param kind FRAUD, AVAILABILITY or STEP_LIST
   * @param outcome OPEN, WORKER_AT_FAULT, CHALLENGER_AT_FAULT, UNDECIDED or NO_JURY
   */
  public record Dispute(
      BigInteger id,
      BigInteger jobId,
      long segment,
      String kind,
      String challenger,
      String worker,
      long step,
      String committedStateHash,
      String challengerStateHash,
      long drawBlock,
      List<String> jurors,
      long commitDeadline,
      long revealDeadline,
      String outcome,
      Optional<ChainMoment> opened,
      Optional<ChainMoment> juryDrawn,
      Optional<ChainMoment> resolved,
      long votesCommitted,
      long votesRevealed,
      long jurorsPenalized,
      Optional<DisputeActivity.Settlement> settlement) {}
}
