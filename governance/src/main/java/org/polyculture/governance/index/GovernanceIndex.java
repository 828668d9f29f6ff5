package org.polyculture.governance.index;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.proposal.ProposalDescription;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The indexed view of governance, kept beside the protocol index in the same storage: proposals
 * (actions, description, tally, queue, execution, the jobs they created), votes, delegates and
 * their votes, the treasury's token flows and the token supply. Built from the governor's, the
 * token's and the timelock's events (which {@code ProtocolIndex} does not follow) and the ledger's
 * JobCreated (to link a job to the proposal that created it). Each window of logs is applied in one
 * transaction with the cursor after it.
 */
public final class GovernanceIndex {

  /** Descriptions are stored up to this many characters (their hash covers the whole). */
  public static final int MAX_DESCRIPTION_CHARS = ProposalDescription.MAX_PARSED_LENGTH;

  /** Vote reasons are stored up to this many characters. */
  public static final int MAX_REASON_CHARS = 1_000;

  static final Column META = new Column("gov-meta");
  static final Column PROPOSALS = new Column("gov-proposals");
  static final Column PROPOSAL_ORDER = new Column("gov-proposal-order");
  static final Column VOTES = new Column("gov-votes");
  static final Column VOTER_VOTES = new Column("gov-voter-votes");
  static final Column COMMUNITIES = new Column("gov-communities");
  static final Column COMMUNITY_PROPOSALS = new Column("gov-community-proposals");
  static final Column JOB_PROPOSALS = new Column("gov-job-proposals");
  static final Column TIMELOCK_OPERATIONS = new Column("gov-timelock-operations");
  static final Column AWAITING_QUORUM = new Column("gov-awaiting-quorum");
  static final Column DELEGATIONS = new Column("gov-delegations");
  static final Column DELEGATES = new Column("gov-delegates");
  static final Column DELEGATES_BY_VOTES = new Column("gov-delegates-by-votes");
  static final Column TREASURY_FLOWS = new Column("gov-treasury-flows");

  private static final Bytes CURSOR = key("cursor");
  private static final Bytes CHAIN_TIME = key("chain-time");
  private static final Bytes PROPOSAL_COUNT = key("proposal-count");
  private static final Bytes FLOW_COUNT = key("flow-count");
  private static final Bytes SUPPLY = key("supply");
  private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  private final KeyValueStorage storage;
  private final ChainDeployment deployment;
  private final Map<String, Projection> projections = new HashMap<>();

  public GovernanceIndex(KeyValueStorage storage, ChainDeployment deployment) {
    this.storage = storage;
    this.deployment = deployment;
    String governor = deployment.governor();
    String token = deployment.token();
    on(governor, PolycultureGovernor.PROPOSALCREATED_EVENT, this::proposalCreated);
    on(governor, PolycultureGovernor.VOTECAST_EVENT, this::voteCast);
    on(governor, PolycultureGovernor.VOTECASTWITHPARAMS_EVENT, this::voteCastWithParams);
    on(governor, PolycultureGovernor.PROPOSALQUEUED_EVENT, this::proposalQueued);
    on(governor, PolycultureGovernor.PROPOSALEXECUTED_EVENT, this::proposalExecuted);
    on(governor, PolycultureGovernor.PROPOSALCANCELED_EVENT, this::proposalCanceled);
    on(token, PolycultureToken.TRANSFER_EVENT, this::transfer);
    on(token, PolycultureToken.DELEGATECHANGED_EVENT, this::delegateChanged);
    on(token, PolycultureToken.DELEGATEVOTESCHANGED_EVENT, this::delegateVotesChanged);
    on(deployment.timelock(), PolycultureTimelock.CALLEXECUTED_EVENT, this::callExecuted);
    on(deployment.ledger(), TrainingLedger.JOBCREATED_EVENT, this::jobCreated);
  }

  /** The contracts whose logs this index reads. */
  public List<String> addresses() {
    return List.of(
        deployment.governor(), deployment.token(), deployment.timelock(), deployment.ledger());
  }

  /** The event signatures (topic 0) this index reads, to filter eth_getLogs. */
  public List<String> topics() {
    return List.of(
        EventEncoder.encode(PolycultureGovernor.PROPOSALCREATED_EVENT),
        EventEncoder.encode(PolycultureGovernor.VOTECAST_EVENT),
        EventEncoder.encode(PolycultureGovernor.VOTECASTWITHPARAMS_EVENT),
        EventEncoder.encode(PolycultureGovernor.PROPOSALQUEUED_EVENT),
        EventEncoder.encode(PolycultureGovernor.PROPOSALEXECUTED_EVENT),
        EventEncoder.encode(PolycultureGovernor.PROPOSALCANCELED_EVENT),
        EventEncoder.encode(PolycultureToken.TRANSFER_EVENT),
        EventEncoder.encode(PolycultureToken.DELEGATECHANGED_EVENT),
        EventEncoder.encode(PolycultureToken.DELEGATEVOTESCHANGED_EVENT),
        EventEncoder.encode(PolycultureTimelock.CALLEXECUTED_EVENT),
        EventEncoder.encode(TrainingLedger.JOBCREATED_EVENT));
  }

  // ------------------------------------------------------------------ reads

  public Optional<IndexCursor> cursor() {
    return storage.get(META, CURSOR).map(GovernanceIndex::decodeCursor);
  }

  /** The chain's time (latest block timestamp) when the index was last updated; 0 before. */
  public long chainTime() {
    return storage.get(META, CHAIN_TIME).map(b -> b.getLong(0)).orElse(0L);
  }

  public long proposalCount() {
    return counter(storage.get(META, PROPOSAL_COUNT));
  }

  public Optional<IndexedProposal> proposal(BigInteger proposalId) {
    if (proposalId.signum() < 0 || proposalId.bitLength() > 256) {
      return Optional.empty();
    }
    return RecordCodec.read(
        storage.get(PROPOSALS, RecordCodec.uint256(proposalId)), IndexedProposal.class);
  }

  /** Up to {@code limit} proposals, newest first, created before sequence {@code before}. */
  public List<IndexedProposal> proposals(long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    List<IndexedProposal> proposals = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(PROPOSAL_ORDER, Bytes.EMPTY, RecordCodec.newestFirst(before - 1), limit)) {
      proposal(Bytes32.wrap(entry.value()).toUnsignedBigInteger()).ifPresent(proposals::add);
    }
    return proposals;
  }

  /** Up to {@code limit} votes on a proposal in the order they were cast, from {@code offset}. */
  public List<IndexedVote> votes(BigInteger proposalId, long offset, int limit) {
    Bytes prefix = RecordCodec.uint256(proposalId);
    List<IndexedVote> votes = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(
            VOTES,
            prefix,
            Bytes.concatenate(prefix, Bytes.ofUnsignedLong(Math.max(0, offset))),
            limit)) {
      votes.add(RecordCodec.decode(entry.value(), IndexedVote.class));
    }
    return votes;
  }

  public Optional<IndexedVote> vote(BigInteger proposalId, String voter) {
    return storage
        .get(
            VOTER_VOTES,
            Bytes.concatenate(RecordCodec.address(voter), RecordCodec.uint256(proposalId)))
        .flatMap(
            sequence ->
                RecordCodec.read(
                    storage.get(
                        VOTES, Bytes.concatenate(RecordCodec.uint256(proposalId), sequence)),
                    IndexedVote.class));
  }

  /** The communities named by model proposals, with how many proposals each has. */
  public List<Community> communities(int limit) {
    List<Community> communities = new ArrayList<>();
    for (KeyValue entry : storage.scan(COMMUNITIES, Bytes.EMPTY, Bytes.EMPTY, limit)) {
      communities.add(RecordCodec.decode(entry.value(), Community.class));
    }
    return communities;
  }

  public Optional<Community> community(String slug) {
    return RecordCodec.read(storage.get(COMMUNITIES, communityKey(slug)), Community.class);
  }

  /** Up to {@code limit} proposals of a community, newest first. */
  public List<IndexedProposal> communityProposals(String slug, int limit) {
    Bytes prefix = Bytes.concatenate(communityKey(slug), Bytes.of(0));
    List<IndexedProposal> proposals = new ArrayList<>();
    for (KeyValue entry : storage.scan(COMMUNITY_PROPOSALS, prefix, prefix, limit)) {
      proposal(Bytes32.wrap(entry.value()).toUnsignedBigInteger()).ifPresent(proposals::add);
    }
    return proposals;
  }

  /** The proposal whose execution created the job. */
  public Optional<BigInteger> proposalOfJob(BigInteger jobId) {
    return storage
        .get(JOB_PROPOSALS, RecordCodec.uint256(jobId))
        .map(bytes -> Bytes32.wrap(bytes).toUnsignedBigInteger());
  }

  /** Whom the account delegates to, if it ever delegated. */
  public Optional<String> delegateOf(String account) {
    return storage
        .get(DELEGATIONS, RecordCodec.address(account))
        .map(bytes -> bytes.toHexString().toLowerCase(Locale.ROOT));
  }

  public Optional<IndexedDelegate> delegate(String address) {
    return RecordCodec.read(
        storage.get(DELEGATES, RecordCodec.address(address)), IndexedDelegate.class);
  }

  /** Up to {@code limit} delegates with the most votes, most first. */
  public List<IndexedDelegate> topDelegates(int limit) {
    List<IndexedDelegate> delegates = new ArrayList<>();
    for (KeyValue entry : storage.scan(DELEGATES_BY_VOTES, Bytes.EMPTY, Bytes.EMPTY, limit)) {
      delegate(entry.key().slice(32).toHexString()).ifPresent(delegates::add);
    }
    return delegates;
  }

  /** Up to {@code limit} treasury flows, newest first, before sequence {@code before}. */
  public List<TreasuryFlow> treasuryFlows(long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    List<TreasuryFlow> flows = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(TREASURY_FLOWS, Bytes.EMPTY, RecordCodec.newestFirst(before - 1), limit)) {
      flows.add(RecordCodec.decode(entry.value(), TreasuryFlow.class));
    }
    return flows;
  }

  public long treasuryFlowCount() {
    return counter(storage.get(META, FLOW_COUNT));
  }

  public TokenSupply supply() {
    return RecordCodec.read(storage.get(META, SUPPLY), TokenSupply.class).orElse(TokenSupply.EMPTY);
  }

  /** Proposals whose quorum is not yet recorded (oldest first). */
  public List<BigInteger> awaitingQuorum(int limit) {
    List<BigInteger> ids = new ArrayList<>();
    for (KeyValue entry : storage.scan(AWAITING_QUORUM, Bytes.EMPTY, Bytes.EMPTY, limit)) {
      ids.add(Bytes32.wrap(entry.key()).toUnsignedBigInteger());
    }
    return ids;
  }

  // ------------------------------------------------------------------ writes

  /**
   * Applies a window's logs (in chain order) and records the cursor after it and the chain time, in
   * one transaction. {@code blockTimes} gives a block's timestamp.
   */
  void commitWindow(
      List<Log> logs, IndexCursor cursor, long chainTime, LongUnaryOperator blockTimes) {
    try (KeyValueTransaction transaction = storage.begin()) {
      Window window = new Window(new PendingWrites(storage, transaction), blockTimes);
      for (Log log : logs) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) {
          continue;
        }
        Projection projection =
            projections.get(projectionKey(log.getAddress(), log.getTopics().get(0)));
        if (projection != null) {
          projection.apply(log, window);
        }
      }
      transaction.put(META, CURSOR, encodeCursor(cursor));
      transaction.put(META, CHAIN_TIME, Bytes.ofUnsignedLong(chainTime));
      transaction.commit();
    }
  }

  /** Records the chain time alone (a poll that found no new blocks). */
  void recordChainTime(long chainTime) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(META, CHAIN_TIME, Bytes.ofUnsignedLong(chainTime));
      transaction.commit();
    }
  }

  /** Records a proposal's quorum and the supply at its snapshot, read from the chain. */
  void recordQuorum(BigInteger proposalId, BigInteger quorum, BigInteger supplyAtSnapshot) {
    try (KeyValueTransaction transaction = storage.begin()) {
      Bytes key = RecordCodec.uint256(proposalId);
      Optional<IndexedProposal> proposal = proposal(proposalId);
      if (proposal.isPresent()) {
        transaction.put(
            PROPOSALS,
            key,
            RecordCodec.encode(proposal.get().withQuorum(quorum, supplyAtSnapshot)));
      }
      transaction.remove(AWAITING_QUORUM, key);
      transaction.commit();
    }
  }

  // ------------------------------------------------------------------ projections

  private void proposalCreated(Log log, Window window) {
    PolycultureGovernor.ProposalCreatedEventResponse e =
        PolycultureGovernor.getProposalCreatedEventFromLog(log);
    Bytes key = RecordCodec.uint256(e.proposalId);
    if (window.writes.get(PROPOSALS, key).isPresent()) {
      return;
    }
    long sequence = counter(window.writes.get(META, PROPOSAL_COUNT));
    String description = e.description;
    boolean truncated = description.length() > MAX_DESCRIPTION_CHARS;
    Optional<String> community =
        ProposalDescription.parse(description).map(metadata -> metadata.community());
    IndexedProposal proposal =
        new IndexedProposal(
            e.proposalId,
            sequence,
            lower(e.proposer),
            e.targets.stream().map(GovernanceIndex::lower).toList(),
            e.values,
            e.calldatas.stream().map(Numeric::toHexString).toList(),
            truncated ? description.substring(0, MAX_DESCRIPTION_CHARS) : description,
            truncated,
            Keccak256.hash(Bytes.wrap(description.getBytes(StandardCharsets.UTF_8))).toHexString(),
            e.voteStart.longValueExact(),
            e.voteEnd.longValueExact(),
            window.moment(log),
            IndexedProposal.Tally.EMPTY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            community);
    window.writes.put(PROPOSALS, key, RecordCodec.encode(proposal));
    window.writes.put(PROPOSAL_ORDER, RecordCodec.newestFirst(sequence), key);
    window.writes.put(AWAITING_QUORUM, key, Bytes.EMPTY);
    window.writes.put(META, PROPOSAL_COUNT, Bytes.ofUnsignedLong(sequence + 1));
    community.ifPresent(
        slug -> {
          Community current =
              RecordCodec.read(window.writes.get(COMMUNITIES, communityKey(slug)), Community.class)
                  .orElse(new Community(slug, 0, sequence));
          window.writes.put(
              COMMUNITIES,
              communityKey(slug),
              RecordCodec.encode(
                  new Community(slug, current.proposals() + 1, current.firstProposalSequence())));
          window.writes.put(
              COMMUNITY_PROPOSALS,
              Bytes.concatenate(communityKey(slug), Bytes.of(0), RecordCodec.newestFirst(sequence)),
              key);
        });
  }

  private void voteCast(Log log, Window window) {
    PolycultureGovernor.VoteCastEventResponse e = PolycultureGovernor.getVoteCastEventFromLog(log);
    recordVote(window, log, e.proposalId, e.voter, e.support, e.weight, e.reason);
  }

  private void voteCastWithParams(Log log, Window window) {
    PolycultureGovernor.VoteCastWithParamsEventResponse e =
        PolycultureGovernor.getVoteCastWithParamsEventFromLog(log);
    recordVote(window, log, e.proposalId, e.voter, e.support, e.weight, e.reason);
  }

  private void recordVote(
      Window window,
      Log log,
      BigInteger proposalId,
      String voter,
      BigInteger support,
      BigInteger weight,
      String reason) {
    Bytes key = RecordCodec.uint256(proposalId);
    Optional<IndexedProposal> stored =
        RecordCodec.read(window.writes.get(PROPOSALS, key), IndexedProposal.class);
    Bytes voterKey = Bytes.concatenate(RecordCodec.address(voter), key);
    if (stored.isEmpty()
        || support.signum() < 0
        || support.compareTo(BigInteger.TWO) > 0
        || window.writes.get(VOTER_VOTES, voterKey).isPresent()) {
      return;
    }
    IndexedProposal proposal = stored.get();
    long sequence = proposal.tally().voters();
    IndexedVote vote =
        new IndexedVote(
            proposalId,
            lower(voter),
            support.intValueExact(),
            weight,
            reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason,
            window.moment(log));
    Bytes sequenceKey = Bytes.ofUnsignedLong(sequence);
    window.writes.put(VOTES, Bytes.concatenate(key, sequenceKey), RecordCodec.encode(vote));
    window.writes.put(VOTER_VOTES, voterKey, sequenceKey);
    window.writes.put(
        PROPOSALS,
        key,
        RecordCodec.encode(proposal.withTally(proposal.tally().add(vote.support(), weight))));
  }

  private void proposalQueued(Log log, Window window) {
    PolycultureGovernor.ProposalQueuedEventResponse e =
        PolycultureGovernor.getProposalQueuedEventFromLog(log);
    update(
        window,
        e.proposalId,
        proposal -> {
          window.writes.put(
              TIMELOCK_OPERATIONS,
              timelockOperation(proposal),
              RecordCodec.uint256(proposal.proposalId()));
          return proposal.withQueued(window.moment(log), e.etaSeconds.longValueExact());
        });
  }

  private void proposalExecuted(Log log, Window window) {
    PolycultureGovernor.ProposalExecutedEventResponse e =
        PolycultureGovernor.getProposalExecutedEventFromLog(log);
    executed(window, log, e.proposalId);
  }

  /** A queued operation executed at the timelock directly (anyone may) still executes it. */
  private void callExecuted(Log log, Window window) {
    PolycultureTimelock.CallExecutedEventResponse e =
        PolycultureTimelock.getCallExecutedEventFromLog(log);
    window
        .writes
        .get(TIMELOCK_OPERATIONS, Bytes.wrap(e.id))
        .map(bytes -> Bytes32.wrap(bytes).toUnsignedBigInteger())
        .ifPresent(proposalId -> executed(window, log, proposalId));
  }

  private void executed(Window window, Log log, BigInteger proposalId) {
    update(
        window,
        proposalId,
        proposal -> {
          IndexedProposal executed =
              proposal.executed().isPresent()
                  ? proposal
                  : proposal.withExecuted(window.moment(log));
          for (BigInteger jobId :
              window.jobsByTransaction.getOrDefault(log.getTransactionHash(), List.of())) {
            executed = linkJob(window, executed, jobId);
          }
          return executed;
        });
    window.executionsByTransaction.put(log.getTransactionHash(), proposalId);
  }

  private void jobCreated(Log log, Window window) {
    TrainingLedger.JobCreatedEventResponse e = TrainingLedger.getJobCreatedEventFromLog(log);
    window
        .jobsByTransaction
        .computeIfAbsent(log.getTransactionHash(), t -> new ArrayList<>())
        .add(e.jobId);
    BigInteger proposalId = window.executionsByTransaction.get(log.getTransactionHash());
    if (proposalId != null) {
      update(window, proposalId, proposal -> linkJob(window, proposal, e.jobId));
    }
  }

  private IndexedProposal linkJob(Window window, IndexedProposal proposal, BigInteger jobId) {
    window.writes.put(
        JOB_PROPOSALS, RecordCodec.uint256(jobId), RecordCodec.uint256(proposal.proposalId()));
    return proposal.withJob(jobId);
  }

  private void proposalCanceled(Log log, Window window) {
    PolycultureGovernor.ProposalCanceledEventResponse e =
        PolycultureGovernor.getProposalCanceledEventFromLog(log);
    update(window, e.proposalId, proposal -> proposal.withCanceled(window.moment(log)));
  }

  private void transfer(Log log, Window window) {
    PolycultureToken.TransferEventResponse e = PolycultureToken.getTransferEventFromLog(log);
    String from = lower(e.from);
    String to = lower(e.to);
    String treasury = deployment.timelock();
    TokenSupply supply =
        RecordCodec.read(window.writes.get(META, SUPPLY), TokenSupply.class)
            .orElse(TokenSupply.EMPTY);
    BigInteger total = supply.totalSupply();
    BigInteger burned = supply.burned();
    if (from.equals(ZERO_ADDRESS)) {
      total = total.add(e.value);
    }
    if (to.equals(ZERO_ADDRESS)) {
      total = total.subtract(e.value);
      burned = burned.add(e.value);
    }
    BigInteger balance = supply.treasuryBalance();
    BigInteger inflow = supply.treasuryInflow();
    BigInteger outflow = supply.treasuryOutflow();
    boolean in = to.equals(treasury) && !from.equals(treasury);
    boolean out = from.equals(treasury) && !to.equals(treasury);
    if (in || out) {
      long sequence = counter(window.writes.get(META, FLOW_COUNT));
      TreasuryFlow flow =
          new TreasuryFlow(sequence, in, in ? from : to, e.value, window.moment(log));
      window.writes.put(
          TREASURY_FLOWS, RecordCodec.newestFirst(sequence), RecordCodec.encode(flow));
      window.writes.put(META, FLOW_COUNT, Bytes.ofUnsignedLong(sequence + 1));
      balance = in ? balance.add(e.value) : balance.subtract(e.value);
      inflow = in ? inflow.add(e.value) : inflow;
      outflow = out ? outflow.add(e.value) : outflow;
    }
    window.writes.put(
        META, SUPPLY, RecordCodec.encode(new TokenSupply(total, burned, balance, inflow, outflow)));
  }

  private void delegateChanged(Log log, Window window) {
    PolycultureToken.DelegateChangedEventResponse e =
        PolycultureToken.getDelegateChangedEventFromLog(log);
    String fromDelegate = lower(e.fromDelegate);
    String toDelegate = lower(e.toDelegate);
    window.writes.put(
        DELEGATIONS, RecordCodec.address(e.delegator), RecordCodec.address(toDelegate));
    if (!fromDelegate.equals(ZERO_ADDRESS)) {
      IndexedDelegate previous = delegateRecord(window, fromDelegate);
      putDelegate(
          window,
          previous,
          new IndexedDelegate(
              fromDelegate,
              previous.votes(),
              Math.max(0, previous.delegators() - 1),
              log.getBlockNumber().longValueExact()));
    }
    if (!toDelegate.equals(ZERO_ADDRESS)) {
      IndexedDelegate next = delegateRecord(window, toDelegate);
      putDelegate(
          window,
          next,
          new IndexedDelegate(
              toDelegate,
              next.votes(),
              next.delegators() + 1,
              log.getBlockNumber().longValueExact()));
    }
  }

  private void delegateVotesChanged(Log log, Window window) {
    PolycultureToken.DelegateVotesChangedEventResponse e =
        PolycultureToken.getDelegateVotesChangedEventFromLog(log);
    String delegate = lower(e.delegate);
    IndexedDelegate current = delegateRecord(window, delegate);
    putDelegate(
        window,
        current,
        new IndexedDelegate(
            delegate, e.newVotes, current.delegators(), log.getBlockNumber().longValueExact()));
  }

  private IndexedDelegate delegateRecord(Window window, String address) {
    return RecordCodec.read(
            window.writes.get(DELEGATES, RecordCodec.address(address)), IndexedDelegate.class)
        .orElse(new IndexedDelegate(address, BigInteger.ZERO, 0, 0));
  }

  private void putDelegate(Window window, IndexedDelegate previous, IndexedDelegate next) {
    Bytes address = RecordCodec.address(next.address());
    window.writes.remove(DELEGATES_BY_VOTES, byVotesKey(previous.votes(), address));
    window.writes.put(DELEGATES, address, RecordCodec.encode(next));
    if (next.votes().signum() > 0) {
      window.writes.put(DELEGATES_BY_VOTES, byVotesKey(next.votes(), address), Bytes.EMPTY);
    }
  }

  private void update(
      Window window,
      BigInteger proposalId,
      java.util.function.UnaryOperator<IndexedProposal> change) {
    Bytes key = RecordCodec.uint256(proposalId);
    RecordCodec.read(window.writes.get(PROPOSALS, key), IndexedProposal.class)
        .ifPresent(
            proposal ->
                window.writes.put(PROPOSALS, key, RecordCodec.encode(change.apply(proposal))));
  }

  private void on(String contract, Event event, Projection projection) {
    projections.put(projectionKey(contract, EventEncoder.encode(event)), projection);
  }

  // ------------------------------------------------------------------ keys

  /**
   * The timelock operation id of a queued proposal, as GovernorTimelockControl computes it: {@code
   * hashOperationBatch(targets, values, calldatas, 0, bytes20(governor) ^ descriptionHash)}.
   */
  @SuppressWarnings("rawtypes") // web3j's encoder takes a raw List<Type>
  private Bytes timelockOperation(IndexedProposal proposal) {
    Bytes32 descriptionHash = Bytes32.fromHexString(proposal.descriptionHash());
    Bytes32 salt =
        Bytes32.rightPad(Bytes.fromHexString(deployment.governor())).xor(descriptionHash);
    List<Type> parameters =
        List.of(
            new DynamicArray<>(
                Address.class, proposal.targets().stream().map(Address::new).toList()),
            new DynamicArray<>(
                Uint256.class, proposal.values().stream().map(Uint256::new).toList()),
            new DynamicArray<>(
                DynamicBytes.class,
                proposal.calldatas().stream()
                    .map(c -> new DynamicBytes(Numeric.hexStringToByteArray(c)))
                    .toList()),
            new org.web3j.abi.datatypes.generated.Bytes32(new byte[32]),
            new org.web3j.abi.datatypes.generated.Bytes32(salt.toArray()));
    return Keccak256.hash(Bytes.fromHexString(FunctionEncoder.encodeConstructor(parameters)));
  }

  /** The timelock operation id a proposal has once queued (for tests and readers). */
  public Bytes timelockOperationOf(GovernorProposal proposal, BigInteger proposalId) {
    return timelockOperation(
        new IndexedProposal(
            proposalId,
            0,
            ZERO_ADDRESS,
            proposal.targets(),
            proposal.values(),
            proposal.calldataHex(),
            "",
            false,
            proposal.descriptionHash().toHexString(),
            0,
            0,
            new ChainMoment(0, 0, "0x"),
            IndexedProposal.Tally.EMPTY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty()));
  }

  private static Bytes byVotesKey(BigInteger votes, Bytes address) {
    BigInteger inverted = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).subtract(votes);
    return Bytes.concatenate(RecordCodec.uint256(inverted), address);
  }

  private static Bytes communityKey(String slug) {
    return Bytes.wrap(slug.getBytes(StandardCharsets.US_ASCII));
  }

  private static String projectionKey(String contract, String topic) {
    return (contract + "/" + topic).toLowerCase(Locale.ROOT);
  }

  private static Bytes key(String name) {
    return Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII));
  }

  private static long counter(Optional<Bytes> stored) {
    return stored.map(b -> b.getLong(0)).orElse(0L);
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  static Bytes encodeCursor(IndexCursor cursor) {
    return Bytes.concatenate(Bytes.ofUnsignedLong(cursor.block()), cursor.blockHash());
  }

  static IndexCursor decodeCursor(Bytes bytes) {
    if (bytes.size() != Long.BYTES + Bytes32.SIZE) {
      throw new IllegalStateException("a stored governance cursor has " + bytes.size() + " bytes");
    }
    return new IndexCursor(bytes.getLong(0), Bytes32.wrap(bytes.slice(Long.BYTES)));
  }

  /** A community named by model proposals. */
  public record Community(String slug, long proposals, long firstProposalSequence) {}

  @FunctionalInterface
  private interface Projection {
    void apply(Log log, Window window);
  }

  /** The writes of one window, block times, and what the window's transactions did so far. */
  private static final class Window {
    final PendingWrites writes;
    final LongUnaryOperator blockTimes;
    final Map<String, List<BigInteger>> jobsByTransaction = new HashMap<>();
    final Map<String, BigInteger> executionsByTransaction = new HashMap<>();

    Window(PendingWrites writes, LongUnaryOperator blockTimes) {
      this.writes = writes;
      this.blockTimes = blockTimes;
    }

    ChainMoment moment(Log log) {
      long block = log.getBlockNumber().longValueExact();
      return new ChainMoment(
          block, blockTimes.applyAsLong(block), log.getTransactionHash().toLowerCase(Locale.ROOT));
    }
  }
}
