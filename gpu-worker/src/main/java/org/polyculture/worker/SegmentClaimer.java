package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.chain.index.IndexedParticipant;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.PeerUris;
import org.polyculture.transfer.client.StateDownloader;
import org.polyculture.transfer.client.VerifiedState;
import org.polyculture.worker.Ledger.JobView;
import org.polyculture.worker.Ledger.SegmentView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the next segment this worker can claim and prepares it: a funded job it can train (its
 * model, dataset and genesis check out), whose next segment is free, with enough stake bonded, and
 * whose start state it holds or can fetch from the previous segment's worker and verify. Only then
 * is a CLAIMING record stored, with the start state, so that no lease is taken that cannot be
 * trained.
 */
final class SegmentClaimer {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentClaimer.class);

  private final WorkerStore store;
  private final Ledger ledger;
  private final ProtocolIndex index;
  private final JobLoader jobs;
  private final StateDownloader downloads;
  private final StateHasher hasher;
  private final Stake stake;

  SegmentClaimer(
      WorkerStore store,
      Ledger ledger,
      ProtocolIndex index,
      JobLoader jobs,
      StateDownloader downloads,
      StateHasher hasher,
      Stake stake) {
    this.store = store;
    this.ledger = ledger;
    this.index = index;
    this.jobs = jobs;
    this.downloads = downloads;
    this.hasher = hasher;
    this.stake = stake;
  }

  /** Makes sure enough stake is bonded for a job's minimum; false if it cannot be. */
  @FunctionalInterface
  interface Stake {
    boolean ensure(BigInteger minimum) throws IOException;
  }

  /** Prepares the first claimable segment and stores its CLAIMING record, if there is one. */
  Optional<SegmentRecord> prepareNext() throws IOException {
    long now = ledger.chainTime();
    long jobCount = ledger.jobCount().longValueExact();
    for (long id = 0; id < jobCount; id++) {
      BigInteger jobId = BigInteger.valueOf(id);
      Optional<SegmentRecord> prepared = prepare(jobId, now);
      if (prepared.isPresent()) {
        return prepared;
      }
    }
    return Optional.empty();
  }

  private Optional<SegmentRecord> prepare(BigInteger jobId, long now) throws IOException {
    if (store.refusal(jobId).isPresent()) {
      return Optional.empty();
    }
    Optional<IndexedJob> indexed = index.job(jobId);
    if (indexed.isEmpty()) {
      return Optional.empty();
    }
    JobView job = ledger.job(jobId);
    long segment = job.nextSegment();
    if (segment >= job.segmentCount()) {
      return Optional.empty();
    }
    SegmentView onChain = ledger.segment(jobId, segment);
    if (!SegmentLifecycle.claimable(onChain, job, now)) {
      return Optional.empty();
    }
    Optional<JobContext> context = load(indexed.get());
    if (context.isEmpty() || !stake.ensure(job.minWorkerStake())) {
      return Optional.empty();
    }
    long firstStep = segment * job.segmentLength();
    Optional<TrainingState> start = startState(context.get(), job, segment, firstStep);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    SegmentKey key = new SegmentKey(jobId, segment, store.claimsOf(jobId, segment).size());
    SegmentRecord record =
        SegmentRecord.claiming(
            key,
            job.generation(),
            firstStep,
            (int) job.segmentLength(),
            job.tipStateHash(),
            job.challengeWindow());
    store.begin(record, start.get(), job.tipStateHash());
    LOG.info("{}: prepared (steps {}..{})", key, firstStep, firstStep + job.segmentLength() - 1);
    return Optional.of(record);
  }

  private Optional<JobContext> load(IndexedJob job) {
    return switch (jobs.load(job, List.of())) {
      case JobLoader.Load.Ready ready -> Optional.of(ready.job());
      case JobLoader.Load.Refused refused -> {
        LOG.warn("job {}: refused: {}", job.jobId(), refused.reason());
        store.refuse(job.jobId(), refused.reason());
        yield Optional.empty();
      }
      case JobLoader.Load.NotYet notYet -> {
        LOG.warn("job {}: not ready: {}", job.jobId(), notYet.reason());
        yield Optional.empty();
      }
    };
  }

  /** The job's tip as a verified state of this job at {@code firstStep}. */
  private Optional<TrainingState> startState(
      JobContext job, JobView view, long segment, long firstStep) throws IOException {
    Bytes32 tip = view.tipStateHash();
    if (segment == 0) {
      TrainingState genesis = Genesis.state(job.config(), job.seed(), job.datasetRoot());
      return tip.equals(job.genesisStateHash()) ? Optional.of(genesis) : Optional.empty();
    }
    Optional<TrainingState> local =
        store
            .locate(tip)
            .flatMap(at -> store.loadState(at.key(), at.step(), job.config()))
            .filter(state -> state.step() == firstStep);
    if (local.isPresent()) {
      return local;
    }
    List<URI> peers = previousWorker(job.jobId(), segment - 1);
    if (peers.isEmpty()) {
      LOG.warn(
          "job {} segment {}: no endpoint to fetch the start state from", job.jobId(), segment);
      return Optional.empty();
    }
    VerifiedState verified;
    try {
      verified = downloads.download(peers, tip, job.stateLength());
    } catch (TransferException e) {
      LOG.warn(
          "job {} segment {}: start state {} unavailable: {}",
          job.jobId(),
          segment,
          tip,
          e.getMessage());
      return Optional.empty();
    }
    DecodeResult<TrainingState> decoded = StateCodec.decode(verified.readAll(), job.config());
    verified.delete();
    if (!decoded.isValid()
        || decoded.value().step() != firstStep
        || decoded.value().jobSeed() != job.seed()
        || !decoded.value().datasetRoot().equals(job.datasetRoot())
        || !hasher.hash(decoded.value()).equals(tip)) {
      LOG.warn(
          "job {} segment {}: the committed start state {} is not a state of this job at step {}"
              + " ({}); not claiming",
          job.jobId(),
          segment,
          tip,
          firstStep,
          decoded.isValid() ? "wrong step, seed or dataset" : decoded.error().orElseThrow());
      return Optional.empty();
    }
    return Optional.of(decoded.value());
  }

  private List<URI> previousWorker(BigInteger jobId, long segment) throws IOException {
    String worker = ledger.segment(jobId, segment).worker();
    List<URI> peers = new ArrayList<>();
    String endpoint =
        index
            .participant(worker)
            .map(IndexedParticipant::endpoint)
            .orElse(ledger.endpointOf(worker));
    PeerUris.parse(endpoint).ifPresent(peers::add);
    return peers;
  }
}
