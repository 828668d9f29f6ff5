package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.api.http.ApiException;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.governance.ProposalState;
import org.polyculture.governance.index.DerivedState;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.IndexedDelegate;
import org.polyculture.governance.index.IndexedProposal;
import org.polyculture.governance.index.IndexedVote;
import org.polyculture.governance.proposal.JobSpecCodec;
import org.polyculture.governance.proposal.JobTerms;
import org.polyculture.governance.proposal.ModelMetadata;
import org.polyculture.governance.proposal.ProposalAction;
import org.polyculture.governance.proposal.ProposalConsistency;
import org.polyculture.governance.proposal.ProposalCost;
import org.polyculture.governance.proposal.ProposalDescription;
import org.polyculture.governance.signature.VoteSupport;
import org.polyculture.protocol.ValidationResult;

/** Proposals, votes, communities and delegates, from the governance index. */
public final class ProposalReads {

  /** At most this many proposals are scanned for one filtered page. */
  private static final int MAX_SCAN = 500;

  private final GovernanceIndex index;
  private final ChainDeployment deployment;

  public ProposalReads(GovernanceIndex index, ChainDeployment deployment) {
    this.index = index;
    this.deployment = deployment;
  }

  public GovernanceIndex index() {
    return index;
  }

  public Page<ProposalViews.ProposalSummary> list(
      Optional<Long> before, int limit, Optional<ProposalState> state) {
    long start = before.orElse(index.proposalCount());
    List<ProposalViews.ProposalSummary> items = new ArrayList<>();
    long chainTime = index.chainTime();
    long cursor = start;
    int scanned = 0;
    while (items.size() < limit && scanned < MAX_SCAN && cursor > 0) {
      List<IndexedProposal> batch = index.proposals(cursor, Math.min(100, MAX_SCAN - scanned));
      if (batch.isEmpty()) {
        cursor = 0;
        break;
      }
      for (IndexedProposal proposal : batch) {
        scanned++;
        cursor = proposal.sequence();
        if (state.isEmpty() || DerivedState.of(proposal, chainTime) == state.get()) {
          items.add(summary(proposal, chainTime));
          if (items.size() == limit) {
            break;
          }
        }
      }
    }
    return new Page<>(items, cursor > 0 ? Optional.of(Long.toString(cursor)) : Optional.empty());
  }

  public Optional<IndexedProposal> proposal(BigInteger id) {
    return index.proposal(id);
  }

  public ProposalViews.ProposalDetail detail(BigInteger id) {
    IndexedProposal proposal = index.proposal(id).orElseThrow(() -> unknown(id));
    long chainTime = index.chainTime();
    List<Bytes> calldatas = proposal.calldatas().stream().map(Bytes::fromHexString).toList();
    List<ProposalViews.Action> actions = new ArrayList<>();
    for (int i = 0; i < proposal.targets().size(); i++) {
      ProposalAction action =
          ProposalAction.decode(
              deployment, proposal.targets().get(i), proposal.values().get(i), calldatas.get(i));
      actions.add(
          new ProposalViews.Action(
              action.target(),
              action.contract(),
              action.value(),
              proposal.calldatas().get(i),
              action.function(),
              action.approval().map(a -> new ProposalViews.Approval(a.spender(), a.amount())),
              action.createJob().map(Conversions::terms)));
    }
    return new ProposalViews.ProposalDetail(
        summary(proposal, chainTime),
        proposal.description(),
        proposal.descriptionTruncated(),
        proposal.descriptionHash(),
        actions,
        model(proposal, calldatas),
        timeline(proposal, chainTime),
        proposal.supplyAtSnapshot(),
        new ProposalViews.ExecutionCall(
            proposal.targets(),
            proposal.values(),
            proposal.calldatas(),
            proposal.descriptionHash()));
  }

  public Page<ProposalViews.Vote> votes(BigInteger id, long offset, int limit) {
    IndexedProposal proposal = index.proposal(id).orElseThrow(() -> unknown(id));
    List<ProposalViews.Vote> votes =
        index.votes(id, offset, limit).stream().map(ProposalReads::vote).toList();
    long next = offset + votes.size();
    return new Page<>(
        votes,
        next < proposal.tally().voters() ? Optional.of(Long.toString(next)) : Optional.empty());
  }

  public ProposalViews.Vote vote(BigInteger id, String voter) {
    index.proposal(id).orElseThrow(() -> unknown(id));
    return index
        .vote(id, voter)
        .map(ProposalReads::vote)
        .orElseThrow(() -> ApiException.notFound(voter + " has not voted on proposal " + id));
  }

  public List<ProposalViews.CommunitySummary> communities(int limit) {
    return index.communities(limit).stream()
        .map(c -> new ProposalViews.CommunitySummary(c.slug(), c.proposals()))
        .toList();
  }

  public ProposalViews.Community community(String slug, int limit) {
    GovernanceIndex.Community community =
        index.community(slug).orElseThrow(() -> ApiException.notFound("no community " + slug));
    long chainTime = index.chainTime();
    return new ProposalViews.Community(
        community.slug(),
        community.proposals(),
        index.communityProposals(slug, limit).stream().map(p -> summary(p, chainTime)).toList());
  }

  public List<ProposalViews.Delegate> delegates(int limit) {
    return index.topDelegates(limit).stream().map(ProposalReads::delegate).toList();
  }

  public Optional<ProposalViews.ModelSummary> modelOf(BigInteger proposalId) {
    return index.proposal(proposalId).flatMap(this::modelSummary);
  }

  ProposalViews.ProposalSummary summary(IndexedProposal proposal, long chainTime) {
    IndexedProposal.Tally tally = proposal.tally();
    Optional<ProposalViews.ModelSummary> model = modelSummary(proposal);
    return new ProposalViews.ProposalSummary(
        proposal.proposalId(),
        proposal.sequence(),
        Conversions.title(proposal.description()),
        proposal.proposer(),
        DerivedState.of(proposal, chainTime),
        model.isPresent() ? "model" : "other",
        model,
        new ProposalViews.Tally(
            tally.forVotes(), tally.againstVotes(), tally.abstainVotes(), tally.voters()),
        proposal.quorum(),
        DerivedState.quorumProgressBps(proposal),
        DerivedState.turnoutBps(proposal),
        proposal.voteStart(),
        proposal.voteEnd(),
        proposal.created(),
        proposal.eta(),
        proposal.jobIds());
  }

  private Optional<ProposalViews.ModelSummary> modelSummary(IndexedProposal proposal) {
    return ProposalDescription.parse(proposal.description())
        .map(
            metadata ->
                new ProposalViews.ModelSummary(
                    metadata.name(),
                    metadata.community(),
                    metadata.configName(),
                    consistency(proposal, calldatas(proposal)).isValid()));
  }

  private Optional<ProposalViews.ModelProposal> model(
      IndexedProposal proposal, List<Bytes> calldatas) {
    Optional<ModelMetadata> metadata = ProposalDescription.parse(proposal.description());
    if (metadata.isEmpty()) {
      return Optional.empty();
    }
    ValidationResult<ProposalConsistency.Inconsistency> consistency =
        consistency(proposal, calldatas);
    Optional<JobTerms> terms =
        calldatas.size() == 2 ? JobSpecCodec.decodeCreateJob(calldatas.get(1)) : Optional.empty();
    ModelMetadata m = metadata.get();
    return Optional.of(
        new ProposalViews.ModelProposal(
            m.name(),
            m.community(),
            m.summary(),
            m.configName(),
            m.datasetBytes(),
            consistency.isValid(),
            consistency.invalidReason().map(Enum::name),
            consistency.errorMessage(),
            terms.map(ProposalCost::of).map(Conversions::cost)));
  }

  private ValidationResult<ProposalConsistency.Inconsistency> consistency(
      IndexedProposal proposal, List<Bytes> calldatas) {
    if (proposal.descriptionTruncated()) {
      return ValidationResult.invalid(
          ProposalConsistency.Inconsistency.NO_METADATA, "the description is too long to check");
    }
    return ProposalConsistency.check(
        proposal.description(), proposal.targets(), proposal.values(), calldatas, deployment);
  }

  private static List<Bytes> calldatas(IndexedProposal proposal) {
    return proposal.calldatas().stream().map(Bytes::fromHexString).toList();
  }

  private static List<ProposalViews.TimelineEntry> timeline(IndexedProposal p, long chainTime) {
    List<ProposalViews.TimelineEntry> timeline = new ArrayList<>();
    timeline.add(
        new ProposalViews.TimelineEntry(
            "created", p.created().time(), true, Optional.of(p.created())));
    timeline.add(
        new ProposalViews.TimelineEntry(
            "voting-opens", p.voteStart() + 1, chainTime > p.voteStart(), Optional.empty()));
    timeline.add(
        new ProposalViews.TimelineEntry(
            "voting-closes", p.voteEnd(), chainTime > p.voteEnd(), Optional.empty()));
    p.queued()
        .ifPresent(
            queued ->
                timeline.add(
                    new ProposalViews.TimelineEntry(
                        "queued", queued.time(), true, Optional.of(queued))));
    p.eta()
        .ifPresent(
            eta ->
                timeline.add(
                    new ProposalViews.TimelineEntry(
                        "executable", eta, chainTime >= eta, Optional.empty())));
    p.executed()
        .ifPresent(
            executed ->
                timeline.add(
                    new ProposalViews.TimelineEntry(
                        "executed", executed.time(), true, Optional.of(executed))));
    p.canceled()
        .ifPresent(
            canceled ->
                timeline.add(
                    new ProposalViews.TimelineEntry(
                        "canceled", canceled.time(), true, Optional.of(canceled))));
    return timeline;
  }

  private static ProposalViews.Vote vote(IndexedVote vote) {
    return new ProposalViews.Vote(
        vote.voter(),
        VoteSupport.ofCode(vote.support()).orElseThrow(),
        vote.weight(),
        vote.reason(),
        vote.cast());
  }

  static ProposalViews.Delegate delegate(IndexedDelegate delegate) {
    return new ProposalViews.Delegate(delegate.address(), delegate.votes(), delegate.delegators());
  }

  private static ApiException unknown(BigInteger id) {
    return ApiException.notFound("no proposal " + id);
  }
}
