package org.polyculture.verifier.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.protocol.audit.AuditSampler;
import org.polyculture.protocol.merkle.MerkleProof;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.verifier.chain.SegmentCommit;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.FetchResult;
import org.polyculture.verifier.fetch.WorkerData;
import org.polyculture.verifier.job.JobDescription;
import org.polyculture.verifier.job.JobWorkspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits one committed segment (docs/verifier.md, "The audit"):
 *
 * <ol>
 *   <li>picks k offsets with {@link AuditSampler} from the randomness fixed after the commit;
 *   <li>fetches the segment's per-step state hashes from the worker and rebuilds the step root,
 *       which must equal the committed one (and the last hash the committed end state); a list not
 *       served, or one that does not rebuild the root, is a step-list availability finding;
 *   <li>for each pick, in pick order: takes the state before the step (the genesis state is rebuilt
 *       locally; others are fetched by hash and checked chunk by chunk), decodes it strictly,
 *       rebuilds the step's batch from (seed, step), recomputes the step and compares the state
 *       hash with the committed leaf, bit for bit.
 * </ol>
 *
 * The first mismatch ends the audit with a fraud finding. A state the worker withholds becomes a
 * data-availability finding unless a later pick proves fraud. A state that hashes right but is not
 * a valid state of the step moves the audit to the step before it, whose recomputation then cannot
 * match.
 */
public final class SegmentAuditor {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentAuditor.class);

  private final WorkerData workers;
  private final StepRecomputer recomputer;
  private final FetchPolicy fetchPolicy;
  private final int auditsPerSegment;

  public SegmentAuditor(
      WorkerData workers,
      StepRecomputer recomputer,
      FetchPolicy fetchPolicy,
      int auditsPerSegment) {
    if (auditsPerSegment < 1 || auditsPerSegment > AuditSampler.MAX_PICKS) {
      throw new IllegalArgumentException(
          "audits per segment must be in [1, " + AuditSampler.MAX_PICKS + "]");
    }
    this.workers = workers;
    this.recomputer = recomputer;
    this.fetchPolicy = fetchPolicy;
    this.auditsPerSegment = auditsPerSegment;
  }

  /** The offsets of {@code commit}'s segment that {@code randomness} picks. */
  public List<Integer> picks(SegmentCommit commit, JobDescription job, Bytes32 randomness) {
    int length = job.segmentLength();
    int k = Math.min(auditsPerSegment, length);
    return AuditSampler.pickOffsets(
        randomness, commit.jobId().longValueExact(), commit.segment(), length, k);
  }

  /** Audits the segment of {@code commit}, asking the worker at {@code endpoint}. */
  public SegmentAudit audit(
      SegmentCommit commit, JobWorkspace workspace, Bytes32 randomness, String endpoint) {
    JobDescription job = workspace.job();
    List<Integer> picks = picks(commit, job, randomness);
    int length = job.segmentLength();
    long firstStep = job.firstStep(commit.segment());
    StepList served = stepList(commit, job, endpoint);
    if (served instanceof StepList.Withheld withheld) {
      return withoutSteps(commit, firstStep, picks, withheld.reason());
    }
    StepMerkleTree tree = ((StepList.Rebuilt) served).tree();
    SegmentContext segment = new SegmentContext(commit, workspace, tree, endpoint);
    Bytes32 lastLeaf = tree.leaf(length - 1).stateHash();
    if (!lastLeaf.equals(commit.endStateHash())) {
      Finding fraud =
          new Finding.Fraud(
              firstStep + length - 1,
              segment.beforeHash(length - 1),
              segment.beforeProof(length - 1),
              lastLeaf,
              tree.proof(length - 1),
              commit.endStateHash(),
              true);
      return new SegmentAudit(
          AuditOutcome.FRAUD,
          picks,
          List.of(),
          Optional.of(fraud),
          "the last step's committed state differs from the committed end state");
    }
    return checkPicks(segment, picks);
  }

  /**
   * Whether the worker at {@code endpoint} still withholds what {@code finding} says it withheld (a
   * fraud finding stands as it is). Asked again right before a dispute is sent, so that a worker
   * that was unreachable for a moment is not disputed for it.
   */
  public boolean stillWithheld(
      SegmentCommit commit, JobWorkspace workspace, Finding finding, String endpoint) {
    return switch (finding) {
      case Finding.Fraud fraud -> true;
      case Finding.StepListWithheld withheld ->
          stepList(commit, workspace.job(), endpoint) instanceof StepList.Withheld;
      case Finding.Unavailable unavailable -> {
        long stateLength = StateCodec.encodedLength(workspace.job().config());
        yield !fetchPolicy
            .fetch(() -> workers.state(endpoint, unavailable.stateHash(), stateLength))
            .isFetched();
      }
    };
  }

  /** The step hashes of {@code commit}'s segment as the worker serves them, checked. */
  private StepList stepList(SegmentCommit commit, JobDescription job, String endpoint) {
    return StepList.fetch(
        workers,
        fetchPolicy,
        endpoint,
        commit.jobId(),
        commit.segment(),
        job.firstStep(commit.segment()),
        job.segmentLength(),
        commit.stepRoot());
  }

  private SegmentAudit checkPicks(SegmentContext segment, List<Integer> picks) {
    List<StepCheck> checks = new ArrayList<>();
    Optional<Finding> unavailable = Optional.empty();
    Optional<String> incomplete = Optional.empty();
    Deque<Integer> queue = new ArrayDeque<>(picks);
    BitSet done = new BitSet();
    while (!queue.isEmpty()) {
      int offset = queue.pollFirst();
      if (done.get(offset)) {
        continue;
      }
      done.set(offset);
      Checked checked = check(segment, offset);
      checks.add(checked.check());
      switch (checked.check().verdict()) {
        case MATCH -> {}
        case MISMATCH -> {
          return new SegmentAudit(
              AuditOutcome.FRAUD,
              picks,
              checks,
              checked.finding(),
              "step " + checked.check().step() + " does not recompute to the committed state");
        }
        case STATE_UNAVAILABLE -> {
          if (checked.finding().isPresent()) {
            unavailable = unavailable.or(checked::finding);
          } else {
            incomplete = Optional.of(checked.check().detail());
          }
        }
        case INVALID_STATE -> {
          if (offset > 0) {
            queue.addFirst(offset - 1);
          } else {
            incomplete = Optional.of(checked.check().detail());
          }
        }
      }
    }
    if (unavailable.isPresent()) {
      return new SegmentAudit(
          AuditOutcome.UNAVAILABLE,
          picks,
          checks,
          unavailable,
          "the worker withheld the state after step " + unavailable.get().step());
    }
    if (incomplete.isPresent()) {
      return new SegmentAudit(
          AuditOutcome.INCOMPLETE, picks, checks, Optional.empty(), incomplete.get());
    }
    return new SegmentAudit(
        AuditOutcome.CLEAN,
        picks,
        checks,
        Optional.empty(),
        checks.size() + " steps recomputed to the committed states");
  }

  private Checked check(SegmentContext segment, int offset) {
    long step = segment.firstStep() + offset;
    Bytes32 beforeHash = segment.beforeHash(offset);
    Bytes32 afterHash = segment.tree().leaf(offset).stateHash();
    JobWorkspace workspace = segment.workspace();
    Optional<TrainingState> before;
    if (offset == 0 && workspace.isGenesis(beforeHash)) {
      before = Optional.of(workspace.genesis());
    } else {
      long stateLength = StateCodec.encodedLength(workspace.job().config());
      FetchResult<Bytes> fetched =
          fetchPolicy.fetch(() -> workers.state(segment.endpoint(), beforeHash, stateLength));
      if (fetched instanceof FetchResult.Failed<Bytes> failed) {
        String detail = "the state before step " + step + " (" + beforeHash + "): " + failed;
        LOG.warn("job {} segment {}: {}", segment.jobId(), segment.index(), detail);
        StepCheck check =
            unrecomputed(step, offset, StepVerdict.STATE_UNAVAILABLE, afterHash, detail);
        if (offset == 0) {
          return new Checked(check, Optional.empty());
        }
        Finding finding =
            new Finding.Unavailable(step - 1, beforeHash, segment.tree().proof(offset - 1), detail);
        return new Checked(check, Optional.of(finding));
      }
      StateAcceptance.Accepted accepted =
          StateAcceptance.accept(fetched.value().orElseThrow(), workspace.job(), step);
      if (accepted.result().isInvalid()) {
        String detail =
            "the state before step "
                + step
                + " is not valid: "
                + accepted.result().errorMessage().orElseThrow();
        return new Checked(
            unrecomputed(step, offset, StepVerdict.INVALID_STATE, afterHash, detail),
            Optional.empty());
      }
      before = accepted.state();
    }
    Recomputation result = recomputer.recompute(workspace, before.orElseThrow());
    if (result.stateHash().equals(afterHash)) {
      return new Checked(
          new StepCheck(
              step,
              offset,
              StepVerdict.MATCH,
              afterHash,
              Optional.of(result.stateHash()),
              "recomputed bit for bit",
              result.nanos()),
          Optional.empty());
    }
    LOG.warn(
        "job {} segment {}: step {} recomputes to {}, the worker committed {}",
        segment.jobId(),
        segment.index(),
        step,
        result.stateHash(),
        afterHash);
    Finding fraud =
        new Finding.Fraud(
            step,
            beforeHash,
            segment.beforeProof(offset),
            afterHash,
            segment.tree().proof(offset),
            result.stateHash(),
            false);
    return new Checked(
        new StepCheck(
            step,
            offset,
            StepVerdict.MISMATCH,
            afterHash,
            Optional.of(result.stateHash()),
            "the recomputed state differs from the committed one",
            result.nanos()),
        Optional.of(fraud));
  }

  private static StepCheck unrecomputed(
      long step, int offset, StepVerdict verdict, Bytes32 committed, String detail) {
    return new StepCheck(step, offset, verdict, committed, Optional.empty(), detail, 0);
  }

  private static SegmentAudit withoutSteps(
      SegmentCommit commit, long firstStep, List<Integer> picks, String detail) {
    Finding withheld = new Finding.StepListWithheld(firstStep, commit.stepRoot(), detail);
    return new SegmentAudit(
        AuditOutcome.STEPS_UNAVAILABLE, picks, List.of(), Optional.of(withheld), detail);
  }

  private record Checked(StepCheck check, Optional<Finding> finding) {}

  /** The segment under audit with its verified step tree. */
  private record SegmentContext(
      SegmentCommit commit, JobWorkspace workspace, StepMerkleTree tree, String endpoint) {

    long firstStep() {
      return tree.firstStep();
    }

    Object jobId() {
      return commit.jobId();
    }

    long index() {
      return commit.segment();
    }

    /** The committed state before the step at {@code offset}: the start state for offset 0. */
    Bytes32 beforeHash(int offset) {
      return offset == 0 ? commit.startStateHash() : tree.leaf(offset - 1).stateHash();
    }

    /** The proof of the state before the step at {@code offset}; none for the start state. */
    MerkleProof beforeProof(int offset) {
      return offset == 0 ? new MerkleProof(List.of()) : tree.proof(offset - 1);
    }
  }
}
