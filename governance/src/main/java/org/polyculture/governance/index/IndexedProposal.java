package org.polyculture.governance.index;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposal as the governor's events told it: created (with its actions and description), the
 * running tally, then queued, executed or canceled, and the jobs its execution created. The quorum
 * and the supply at the snapshot are read from the chain once the snapshot has passed.
 *
 * @param sequence the order proposals were created in (0 first)
 * @param calldatas 0x-hex
 * @param description the description, cut at {@link GovernanceIndex#MAX_DESCRIPTION_CHARS}
 * @param descriptionHash keccak256 of the whole description, as queue and execute take it
 * @param voteStart the snapshot timepoint (seconds); voting opens after it
 * @param voteEnd the last second of voting
 * @param eta when a queued proposal can be executed (seconds)
 * @param community the model proposal's community, when its description names one
 */
public record IndexedProposal(
    BigInteger proposalId,
    long sequence,
    String proposer,
    List<String> targets,
    List<BigInteger> values,
    List<String> calldatas,
    String description,
    boolean descriptionTruncated,
    String descriptionHash,
    long voteStart,
    long voteEnd,
    ChainMoment created,
    Tally tally,
    Optional<BigInteger> quorum,
    Optional<BigInteger> supplyAtSnapshot,
    Optional<ChainMoment> queued,
    Optional<Long> eta,
    Optional<ChainMoment> executed,
    Optional<ChainMoment> canceled,
    List<BigInteger> jobIds,
    Optional<String> community) {

  public IndexedProposal {
    Objects.requireNonNull(proposalId, "proposalId");
    targets = List.copyOf(targets);
    values = List.copyOf(values);
    calldatas = List.copyOf(calldatas);
    jobIds = List.copyOf(jobIds);
  }

  IndexedProposal withTally(Tally newTally) {
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        newTally,
        quorum,
        supplyAtSnapshot,
        queued,
        eta,
        executed,
        canceled,
        jobIds,
        community);
  }

  IndexedProposal withQuorum(BigInteger newQuorum, BigInteger supply) {
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        tally,
        Optional.of(newQuorum),
        Optional.of(supply),
        queued,
        eta,
        executed,
        canceled,
        jobIds,
        community);
  }

  IndexedProposal withQueued(ChainMoment moment, long newEta) {
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        tally,
        quorum,
        supplyAtSnapshot,
        Optional.of(moment),
        Optional.of(newEta),
        executed,
        canceled,
        jobIds,
        community);
  }

  IndexedProposal withExecuted(ChainMoment moment) {
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        tally,
        quorum,
        supplyAtSnapshot,
        queued,
        eta,
        Optional.of(moment),
        canceled,
        jobIds,
        community);
  }

  IndexedProposal withCanceled(ChainMoment moment) {
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        tally,
        quorum,
        supplyAtSnapshot,
        queued,
        eta,
        executed,
        Optional.of(moment),
        jobIds,
        community);
  }

  IndexedProposal withJob(BigInteger jobId) {
    if (jobIds.contains(jobId)) {
      return this;
    }
    List<BigInteger> jobs = new ArrayList<>(jobIds);
    jobs.add(jobId);
    return new IndexedProposal(
        proposalId,
        sequence,
        proposer,
        targets,
        values,
        calldatas,
        description,
        descriptionTruncated,
        descriptionHash,
        voteStart,
        voteEnd,
        created,
        tally,
        quorum,
        supplyAtSnapshot,
        queued,
        eta,
        executed,
        canceled,
        jobs,
        community);
  }

  /** Votes counted so far (base units) and how many accounts cast them. */
  public record Tally(
      BigInteger forVotes, BigInteger againstVotes, BigInteger abstainVotes, long voters) {

    public static final Tally EMPTY =
        new Tally(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, 0);

    /** For and Abstain votes: what counts toward the quorum in GovernorCountingSimple. */
    public BigInteger quorumVotes() {
      return forVotes.add(abstainVotes);
    }

    public BigInteger total() {
      return forVotes.add(againstVotes).add(abstainVotes);
    }

    Tally add(int support, BigInteger weight) {
      return switch (support) {
        case 0 -> new Tally(forVotes, againstVotes.add(weight), abstainVotes, voters + 1);
        case 1 -> new Tally(forVotes.add(weight), againstVotes, abstainVotes, voters + 1);
        case 2 -> new Tally(forVotes, againstVotes, abstainVotes.add(weight), voters + 1);
        default -> throw new IllegalArgumentException("support " + support);
      };
    }
  }
}
