package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polyculture.governance.ProposalState;
import org.polyculture.governance.index.ChainMoment;
import org.polyculture.governance.signature.VoteSupport;

/** The JSON shapes of proposals, votes and communities. */
public final class ProposalViews {

  private ProposalViews() {}

  /** Votes counted so far, in token base units, and the number of voters. */
  public record Tally(
      BigInteger forVotes, BigInteger againstVotes, BigInteger abstainVotes, long voters) {}

  /** What a model proposal is about, from its description (checked against its actions). */
  public record ModelSummary(
      String name, String community, Optional<String> configName, boolean consistent) {}

  /**
   * A proposal in a list.
   *
   * @param kind {@code model} for a model proposal, {@code other} for anything else
   * @param quorum votes needed (For + Abstain), known once the snapshot has passed
   * @param quorumProgressBps For + Abstain as a share of the quorum (basis points, at most 10000)
   * @param turnoutBps votes cast as a share of the supply at the snapshot (basis points)
   * @param voteStart the snapshot (seconds); voting is open after it until {@code voteEnd}
   * @param eta when a queued proposal becomes executable (seconds)
   */
  public record ProposalSummary(
      BigInteger id,
      long sequence,
      String title,
      String proposer,
      ProposalState state,
      String kind,
      Optional<ModelSummary> model,
      Tally votes,
      Optional<BigInteger> quorum,
      int quorumProgressBps,
      int turnoutBps,
      long voteStart,
      long voteEnd,
      ChainMoment created,
      Optional<Long> eta,
      List<BigInteger> jobIds) {}

  /** An action of a proposal, decoded when it is a call model proposals make. */
  public record Action(
      String target,
      String contract,
      BigInteger value,
      String calldata,
      Optional<String> function,
      Optional<Approval> approval,
      Optional<JobViews.JobTerms> createJob) {}

  /** A decoded {@code approve(spender, amount)}. */
  public record Approval(String spender, BigInteger amount) {}

  /** A model proposal's own account of itself, and whether its actions bear it out. */
  public record ModelProposal(
      String name,
      String community,
      String summary,
      Optional<String> configName,
      long datasetBytes,
      boolean consistent,
      Optional<String> inconsistency,
      Optional<String> inconsistencyDetail,
      Optional<JobViews.Cost> cost) {}

  /**
   * A point of a proposal's timeline.
   *
   * @param event created, voting-opens, voting-closes, queued, executable, executed, canceled
   * @param time when it happened or will (seconds)
   * @param reached whether chain time has passed it
   * @param at the block and transaction, for events that are transactions
   */
  public record TimelineEntry(String event, long time, boolean reached, Optional<ChainMoment> at) {}

  /** What a wallet passes to {@code queue} and {@code execute} (anyone may call them). */
  public record ExecutionCall(
      List<String> targets,
      List<BigInteger> values,
      List<String> calldatas,
      String descriptionHash) {}

  /** A proposal with everything a proposal page shows. */
  public record ProposalDetail(
      ProposalSummary summary,
      String description,
      boolean descriptionTruncated,
      String descriptionHash,
      List<Action> actions,
      Optional<ModelProposal> model,
      List<TimelineEntry> timeline,
      Optional<BigInteger> supplyAtSnapshot,
      ExecutionCall execution) {}

  /** One vote. */
  public record Vote(
      String voter, VoteSupport support, BigInteger weight, String reason, ChainMoment cast) {}

  /** A community and its latest proposals. */
  public record Community(String slug, long proposals, List<ProposalSummary> latest) {}

  /** A community in a list. */
  public record CommunitySummary(String slug, long proposals) {}

  /** An account others delegate to. */
  public record Delegate(String address, BigInteger votes, long delegators) {}

  /**
   * An account's governance standing, read from the chain now.
   *
   * @param votes current voting power (0 until the account or someone delegates to it)
   * @param delegate whom the account delegates to (absent: nobody, so its tokens do not vote)
   */
  public record Account(
      String address,
      BigInteger balance,
      BigInteger votes,
      Optional<String> delegate,
      BigInteger ballotNonce,
      BigInteger tokenNonce,
      long delegators) {}

  /** EIP-712 typed data to sign with {@code eth_signTypedData_v4}, and its digest. */
  public record TypedDataToSign(Map<String, Object> typedData, String digest, BigInteger nonce) {}

  /**
   * A prepared model proposal, for a wallet to submit with {@code governor.propose(targets, values,
   * calldatas, description)}: its id (known before submission), the job it creates, what it costs,
   * and whether the treasury can pay it now.
   */
  public record Draft(
      BigInteger proposalId,
      List<String> targets,
      List<BigInteger> values,
      List<String> calldatas,
      String description,
      String descriptionHash,
      JobViews.JobTerms terms,
      JobViews.Cost cost,
      TreasuryCheck treasury,
      Optional<BigInteger> proposalThreshold) {}

  /** The treasury's balance now, against the budget. */
  public record TreasuryCheck(
      BigInteger balance, BigInteger budget, BigInteger after, boolean sufficient) {}

  /** A relayed transaction. */
  public record Relayed(String transactionHash, long block) {}
}
