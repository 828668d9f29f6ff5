package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.index.ActivityIndex;
import org.polyculture.api.index.DisputeActivity;
import org.polyculture.api.index.JobActivity;
import org.polyculture.api.index.SegmentActivity;
import org.polyculture.api.loss.LossCurves;
import org.polyculture.chain.index.IndexedDispute;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.proposal.JobTerms;
import org.polyculture.protocol.job.ModelSpec;

/** Jobs, their segments, loss curves, audits and disputes. */
public final class JobReads {

  private static final String[] OUTCOMES = {
    "OPEN", "WORKER_AT_FAULT", "CHALLENGER_AT_FAULT", "UNDECIDED", "NO_JURY"
  };

  private final ProtocolIndex protocol;
  private final ActivityIndex activity;
  private final GovernanceIndex governance;
  private final ProposalReads proposals;
  private final LossCurves losses;
  private final AuditPicks audits;

  public JobReads(
      ActivityIndex activity,
      GovernanceIndex governance,
      ProposalReads proposals,
      LossCurves losses,
      AuditPicks audits) {
    this.protocol = activity.protocol();
    this.activity = activity;
    this.governance = governance;
    this.proposals = proposals;
    this.losses = losses;
    this.audits = audits;
  }

  public Page<JobViews.JobSummary> list(Optional<Long> before, int limit) {
    long start = before.orElse(activity.jobCount());
    List<BigInteger> ids = activity.jobIds(start, limit);
    List<JobViews.JobSummary> items = new ArrayList<>();
    for (BigInteger id : ids) {
      protocol.job(id).ifPresent(job -> items.add(summary(job)));
    }
    Optional<String> next =
        ids.size() == limit && ids.get(ids.size() - 1).signum() > 0
            ? Optional.of(ids.get(ids.size() - 1).toString())
            : Optional.empty();
    return new Page<>(items, next);
  }

  public JobViews.JobDetail detail(BigInteger id) {
    IndexedJob job = job(id);
    DecodeResult<ModelSpec> spec = ModelSpec.decode(Bytes.fromHexString(orEmpty(job.modelSpec())));
    Optional<JobViews.JobTerms> terms =
        spec.isValid()
            ? Optional.of(Conversions.terms(terms(job, spec.value())))
            : Optional.empty();
    Optional<String> termsError =
        spec.isValid()
            ? Optional.empty()
            : spec.error().map(e -> "the job's model spec is not one this node reads: " + e);
    return new JobViews.JobDetail(
        summary(job),
        terms,
        termsError,
        activity.workersOf(id, 1_000).stream()
            .map(
                w ->
                    new JobViews.WorkerOnJob(
                        w.worker(), w.claims(), w.commits(), w.rewarded(), w.fraud()))
            .toList(),
        activity.disputesOfJob(id, 1_000));
  }

  public Page<JobViews.Segment> segments(BigInteger id, long from, int limit) {
    IndexedJob job = job(id);
    List<SegmentActivity> timelines = activity.segments(id, from, limit);
    Map<Long, IndexedSegment> commitments = new HashMap<>();
    for (IndexedSegment segment : protocol.segments(id, from, limit)) {
      commitments.put(segment.segment(), segment);
    }
    List<JobViews.Segment> items = new ArrayList<>(timelines.size());
    for (SegmentActivity timeline : timelines) {
      items.add(segment(job, timeline, Optional.ofNullable(commitments.get(timeline.segment()))));
    }
    long next = items.isEmpty() ? from : items.get(items.size() - 1).index() + 1;
    return new Page<>(
        items,
        items.size() == limit && next < job.totalSteps() / job.segmentLength()
            ? Optional.of(Long.toString(next))
            : Optional.empty());
  }

  public JobViews.SegmentDetail segment(BigInteger id, long index) {
    IndexedJob job = job(id);
    SegmentActivity timeline =
        activity
            .segment(id, index)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "segment " + index + " of job " + id + " was never claimed"));
    JobViews.Segment segment = segment(job, timeline, protocol.segment(id, index));
    Optional<JobViews.Audit> audit =
        timeline.committed().isPresent() && timeline.status() != IndexedSegment.Status.CLAIMED
            ? Optional.of(
                audits.audit(
                    id,
                    index,
                    Math.toIntExact(job.segmentLength()),
                    timeline.committed().get().block()))
            : Optional.empty();
    return new JobViews.SegmentDetail(segment, audit);
  }

  public JobViews.LossCurve loss(BigInteger id, long from, int limit, boolean perStep) {
    IndexedJob job = job(id);
    List<IndexedSegment> segments = protocol.segments(id, from, limit);
    List<JobViews.SegmentLoss> perSegment = new ArrayList<>(segments.size());
    List<JobViews.LossPoint> points = new ArrayList<>();
    for (LossCurves.SegmentLoss loss : losses.segments(job, segments)) {
      Optional<Float> mean = loss.losses().flatMap(JobReads::mean);
      perSegment.add(new JobViews.SegmentLoss(loss.segment(), loss.availability().name(), mean));
      if (perStep && loss.losses().isPresent()) {
        float[] values = loss.losses().get();
        for (int i = 0; i < values.length; i++) {
          if (Float.isFinite(values[i])) {
            points.add(new JobViews.LossPoint(loss.firstStep() + i, values[i]));
          }
        }
      }
    }
    long next = segments.isEmpty() ? from : segments.get(segments.size() - 1).segment() + 1;
    return new JobViews.LossCurve(
        id,
        job.segmentLength(),
        from,
        perSegment,
        points,
        segments.size() == limit ? Optional.of(next) : Optional.empty());
  }

  public List<JobViews.Dispute> disputesOf(BigInteger id) {
    job(id);
    return activity.disputesOfJob(id, 1_000).stream().flatMap(d -> dispute(d).stream()).toList();
  }

  public Page<JobViews.Dispute> disputes(Optional<Long> before, int limit) {
    long start = before.orElse(activity.disputeCount());
    List<BigInteger> ids = activity.disputeIds(start, limit);
    List<JobViews.Dispute> items = ids.stream().flatMap(d -> dispute(d).stream()).toList();
    long last = start - ids.size();
    return new Page<>(
        items,
        ids.size() == limit && last > 0 ? Optional.of(Long.toString(last)) : Optional.empty());
  }

  public Optional<JobViews.Dispute> dispute(BigInteger id) {
    Optional<IndexedDispute> dispute = protocol.dispute(id);
    if (dispute.isEmpty()) {
      return Optional.empty();
    }
    IndexedDispute d = dispute.get();
    Optional<DisputeActivity> a = activity.dispute(id);
    return Optional.of(
        new JobViews.Dispute(
            d.disputeId(),
            d.jobId(),
            d.segment(),
            switch (d.kind()) {
              case 0 -> "FRAUD";
              case 1 -> "AVAILABILITY";
              case 2 -> "STEP_LIST";
              default -> "KIND_" + d.kind();
            },
            d.challenger().toLowerCase(java.util.Locale.ROOT),
            d.worker().toLowerCase(java.util.Locale.ROOT),
            d.step(),
            d.committedStateHash(),
            d.challengerStateHash(),
            d.drawBlock(),
            d.jurors().stream().map(j -> j.toLowerCase(java.util.Locale.ROOT)).toList(),
            d.commitDeadline(),
            d.revealDeadline(),
            d.outcome() >= 0 && d.outcome() < OUTCOMES.length ? OUTCOMES[d.outcome()] : "UNKNOWN",
            a.map(DisputeActivity::opened),
            a.flatMap(DisputeActivity::juryDrawn),
            a.flatMap(DisputeActivity::resolved),
            a.map(DisputeActivity::votesCommitted).orElse(0L),
            a.map(DisputeActivity::votesRevealed).orElse(0L),
            a.map(DisputeActivity::jurorsPenalized).orElse(0L),
            a.flatMap(DisputeActivity::settlement)));
  }

  public JobViews.Dispute disputeOrThrow(BigInteger id) {
    return dispute(id).orElseThrow(() -> ApiException.notFound("no dispute " + id));
  }

  private JobViews.JobSummary summary(IndexedJob job) {
    Optional<JobActivity> progress = activity.job(job.jobId());
    Optional<BigInteger> proposal = governance.proposalOfJob(job.jobId());
    long segments = job.totalSteps() / job.segmentLength();
    return new JobViews.JobSummary(
        job.jobId(),
        proposal,
        proposal.flatMap(proposals::modelOf),
        job.modelSpecHash(),
        job.totalSteps(),
        job.segmentLength(),
        segments,
        job.rewardPerSegment(),
        job.escrow(),
        progress(progress, segments, job.segmentLength()),
        progress.map(JobActivity::created));
  }

  private static JobViews.Progress progress(Optional<JobActivity> job, long segments, long length) {
    if (job.isEmpty()) {
      return new JobViews.Progress(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty());
    }
    JobActivity a = job.get();
    long committed = a.count(IndexedSegment.Status.COMMITTED);
    long finalized = a.count(IndexedSegment.Status.FINALIZED);
    long rewarded = a.count(IndexedSegment.Status.REWARDED);
    long done = finalized + rewarded;
    return new JobViews.Progress(
        a.count(IndexedSegment.Status.CLAIMED),
        committed,
        finalized,
        rewarded,
        a.count(IndexedSegment.Status.FRAUD),
        a.count(IndexedSegment.Status.VOIDED),
        a.count(IndexedSegment.Status.COMPENSATED),
        (committed + done) * length,
        segments == 0 ? 0 : (int) Math.min(10_000, done * 10_000 / segments),
        a.workers(),
        a.disputes(),
        a.lastCommit());
  }

  private static JobViews.Segment segment(
      IndexedJob job, SegmentActivity timeline, Optional<IndexedSegment> commitment) {
    boolean hasCommitment =
        commitment.isPresent()
            && commitment.get().stepRoot() != null
            && timeline.status() != IndexedSegment.Status.CLAIMED;
    return new JobViews.Segment(
        timeline.segment(),
        timeline.segment() * job.segmentLength(),
        timeline.status(),
        timeline.worker(),
        timeline.claims(),
        commitment.map(IndexedSegment::leaseDeadline).filter(d -> d > 0),
        hasCommitment ? Optional.ofNullable(commitment.get().startStateHash()) : Optional.empty(),
        hasCommitment ? Optional.ofNullable(commitment.get().stepRoot()) : Optional.empty(),
        hasCommitment ? Optional.ofNullable(commitment.get().endStateHash()) : Optional.empty(),
        new JobViews.SegmentTimeline(
            timeline.claimed(),
            timeline.committed(),
            timeline.finalized(),
            timeline.rewarded(),
            timeline.voided(),
            timeline.compensated()),
        timeline.disputes());
  }

  private IndexedJob job(BigInteger id) {
    return protocol.job(id).orElseThrow(() -> ApiException.notFound("no job " + id));
  }

  private static JobTerms terms(IndexedJob job, ModelSpec spec) {
    return new JobTerms(
        spec,
        job.jobSeed(),
        Bytes32.fromHexString(job.datasetRoot()),
        Bytes32.fromHexString(orZero(job.datasetManifestHash())),
        job.datasetLocations(),
        Bytes32.fromHexString(job.genesisStateHash()),
        job.totalSteps(),
        job.segmentLength(),
        job.rewardPerSegment(),
        job.minWorkerStake(),
        job.challengeWindowSeconds(),
        job.leaseSeconds());
  }

  private static String orEmpty(String hex) {
    return hex == null ? "0x" : hex;
  }

  private static String orZero(String hex) {
    return hex == null ? "0x" + "00".repeat(32) : hex;
  }

  private static Optional<Float> mean(float[] values) {
    double sum = 0;
    int count = 0;
    for (float value : values) {
      if (Float.isFinite(value)) {
        sum += value;
        count++;
      }
    }
    return count == 0 ? Optional.empty() : Optional.of((float) (sum / count));
  }
}
