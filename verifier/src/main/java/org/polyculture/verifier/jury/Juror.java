package org.polyculture.verifier.jury;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.verifier.audit.Recomputation;
import org.polyculture.verifier.audit.StateAcceptance;
import org.polyculture.verifier.audit.StepList;
import org.polyculture.verifier.audit.StepRecomputer;
import org.polyculture.verifier.chain.FraudCalldata;
import org.polyculture.verifier.chain.OnChainDispute;
import org.polyculture.verifier.chain.Vote;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.FetchResult;
import org.polyculture.verifier.fetch.WorkerData;
import org.polyculture.verifier.job.JobPreparation;
import org.polyculture.verifier.job.JobResources;
import org.polyculture.verifier.job.JobWorkspace;
import org.polyculture.verifier.store.DisputeRecord;

/**
 * Decides a juror's vote by doing the work itself (docs/verifier.md, "Jury duty"):
 *
 * <ul>
 *   <li>fraud: takes the committed state before the disputed step (the segment's start state, or
 *       the one proven in the dispute's calldata), fetches it from the worker, recomputes the step
 *       and compares with the committed state after it: equal means the challenger is wrong;
 *   <li>availability: fetches the named state from the worker: served and verified means the
 *       challenger is wrong;
 *   <li>step list: fetches the segment's per-step state hashes from the worker and rebuilds the
 *       step root from them with this segment's step numbers: equal to the committed root (which
 *       the dispute announces) means the challenger is wrong.
 * </ul>
 *
 * A worker that does not serve the state a fraud dispute needs is at fault too: it must serve every
 * state it committed during the window.
 */
public final class Juror {

  private final JobResources jobs;
  private final WorkerData workers;
  private final FetchPolicy fetchPolicy;
  private final StepRecomputer recomputer;

  public Juror(
      JobResources jobs, WorkerData workers, FetchPolicy fetchPolicy, StepRecomputer recomputer) {
    this.jobs = jobs;
    this.workers = workers;
    this.fetchPolicy = fetchPolicy;
    this.recomputer = recomputer;
  }

  /**
   * Decides the vote on {@code dispute}; {@code calldata} is the evidence from the opening
   * transaction (needed for a fraud dispute not on its segment's first step), {@code endpoint}
   * where the worker serves states.
   */
  public JuryDecision decide(
      DisputeRecord dispute,
      OnChainDispute onChain,
      Optional<FraudCalldata> calldata,
      String endpoint) {
    return switch (dispute.kind()) {
      case AVAILABILITY -> decideAvailability(dispute, endpoint);
      case FRAUD -> decideFraud(dispute, onChain, calldata, endpoint);
      case STEP_LIST -> decideStepList(dispute, endpoint);
    };
  }

  private JuryDecision decideStepList(DisputeRecord dispute, String endpoint) {
    Optional<JobWorkspace> workspace = workspace(dispute);
    if (workspace.isEmpty()) {
      return JuryDecision.notYet("the job is not ready to judge yet");
    }
    int length = workspace.get().job().segmentLength();
    long firstStep = workspace.get().job().firstStep(dispute.segment());
    if (dispute.step() != firstStep) {
      return JuryDecision.notYet(
          "the dispute names step " + dispute.step() + ", not the segment's first " + firstStep);
    }
    Bytes32 stepRoot = Bytes32.fromHexString(dispute.committedStateHash());
    StepList served =
        StepList.fetch(
            workers,
            fetchPolicy,
            endpoint,
            new BigInteger(dispute.jobId()),
            dispute.segment(),
            firstStep,
            length,
            stepRoot);
    if (served instanceof StepList.Withheld withheld) {
      return JuryDecision.vote(Vote.WORKER_AT_FAULT, withheld.reason());
    }
    return JuryDecision.vote(
        Vote.CHALLENGER_AT_FAULT,
        "the worker served " + length + " step hashes that rebuild the committed root");
  }

  private JuryDecision decideAvailability(DisputeRecord dispute, String endpoint) {
    Bytes32 stateHash = Bytes32.fromHexString(dispute.committedStateHash());
    Optional<JobWorkspace> workspace = workspace(dispute);
    if (workspace.isEmpty()) {
      return JuryDecision.notYet("the job is not ready to judge yet");
    }
    long stateLength = StateCodec.encodedLength(workspace.get().job().config());
    FetchResult<Bytes> fetched =
        fetchPolicy.fetch(() -> workers.state(endpoint, stateHash, stateLength));
    if (fetched.isFetched()) {
      return JuryDecision.vote(
          Vote.CHALLENGER_AT_FAULT,
          "the worker served state " + stateHash + " and it verified against its hash");
    }
    return JuryDecision.vote(
        Vote.WORKER_AT_FAULT, "the worker did not serve state " + stateHash + ": " + fetched);
  }

  private JuryDecision decideFraud(
      DisputeRecord dispute,
      OnChainDispute onChain,
      Optional<FraudCalldata> calldata,
      String endpoint) {
    Optional<JobWorkspace> prepared = workspace(dispute);
    if (prepared.isEmpty()) {
      return JuryDecision.notYet("the job is not ready to judge yet");
    }
    JobWorkspace workspace = prepared.get();
    long step = dispute.step();
    Bytes32 committedAfter = Bytes32.fromHexString(dispute.committedStateHash());
    Bytes32 before;
    if (step == workspace.job().firstStep(dispute.segment())) {
      before = onChain.startStateHash();
    } else if (calldata.isPresent()
        && calldata.get().step() == step
        && calldata.get().afterStateHash().equals(committedAfter)) {
      before = calldata.get().beforeStateHash();
    } else {
      return JuryDecision.notYet("the dispute's evidence could not be read from its calldata");
    }
    TrainingState state;
    if (workspace.isGenesis(before)) {
      state = workspace.genesis();
    } else {
      long stateLength = StateCodec.encodedLength(workspace.job().config());
      FetchResult<Bytes> fetched =
          fetchPolicy.fetch(() -> workers.state(endpoint, before, stateLength));
      if (!fetched.isFetched()) {
        return JuryDecision.vote(
            Vote.WORKER_AT_FAULT,
            "the worker did not serve the state before step " + step + ": " + fetched);
      }
      StateAcceptance.Accepted accepted =
          StateAcceptance.accept(fetched.value().orElseThrow(), workspace.job(), step);
      if (accepted.result().isInvalid()) {
        return JuryDecision.vote(
            Vote.WORKER_AT_FAULT,
            "the committed state before step "
                + step
                + " is not a valid state: "
                + accepted.result().errorMessage().orElseThrow());
      }
      state = accepted.state().orElseThrow();
    }
    Recomputation result = recomputer.recompute(workspace, state);
    if (result.stateHash().equals(committedAfter)) {
      return JuryDecision.vote(
          Vote.CHALLENGER_AT_FAULT,
          "step " + step + " recomputes to the committed state " + committedAfter);
    }
    return JuryDecision.vote(
        Vote.WORKER_AT_FAULT,
        "step "
            + step
            + " recomputes to "
            + result.stateHash()
            + ", the worker committed "
            + committedAfter);
  }

  private Optional<JobWorkspace> workspace(DisputeRecord dispute) {
    return jobs.prepare(new BigInteger(dispute.jobId())) instanceof JobPreparation.Ready r
        ? Optional.of(r.workspace())
        : Optional.empty();
  }
}
