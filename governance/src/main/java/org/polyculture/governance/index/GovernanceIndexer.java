package org.polyculture.governance.index;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.index.ReorgDetectedException;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.governance.GovernorReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the governance contracts into a {@link GovernanceIndex} the way the protocol's event
 * indexer follows the others: {@code eth_getLogs} over bounded windows of confirmed blocks
 * (narrowed when a node refuses a range), filtered to the events the index reads, each window
 * committed with its cursor; a replaced cursor block is a {@link ReorgDetectedException}. After the
 * windows it records each proposal's quorum once its snapshot has passed (the quorum of a timepoint
 * is fixed once that timepoint is in the past).
 */
public final class GovernanceIndexer {

  private static final Logger LOG = LoggerFactory.getLogger(GovernanceIndexer.class);

  /** Quorum lookups per poll, so a flood of proposals cannot stall indexing. */
  private static final int QUORUM_LOOKUPS_PER_POLL = 64;

  private final Web3j web3j;
  private final GovernanceIndex index;
  private final GovernorReader reader;
  private final IndexerSettings settings;
  private final RetryPolicy retry;
  private final long deployBlock;

  public GovernanceIndexer(
      Web3j web3j,
      GovernanceIndex index,
      GovernorReader reader,
      IndexerSettings settings,
      RetryPolicy retry) {
    this.web3j = web3j;
    this.index = index;
    this.reader = reader;
    this.settings = settings;
    this.retry = retry;
    this.deployBlock = reader.deployment().deployBlock();
  }

  public GovernanceIndex index() {
    return index;
  }

  /** Indexes every confirmed block not yet indexed; returns the number of logs applied. */
  public synchronized int poll() throws IOException {
    EthBlock.Block head = block(DefaultBlockParameterName.LATEST);
    long headNumber = head.getNumber().longValueExact();
    long chainTime = head.getTimestamp().longValueExact();
    long safeHead = headNumber - settings.confirmations();
    Optional<IndexCursor> cursor = index.cursor();
    if (cursor.isPresent()) {
      requireCanonical(cursor.get());
    }
    long from = cursor.map(c -> c.block() + 1).orElse(deployBlock);
    int logs = 0;
    int window = settings.windowBlocks();
    Map<Long, Long> times = new HashMap<>();
    while (from <= safeHead) {
      long to = Math.min(safeHead, from + window - 1);
      Optional<List<Log>> fetched = fetchLogs(from, to);
      if (fetched.isEmpty()) {
        if (window == 1) {
          throw new IOException("eth_getLogs refuses even a single block (" + from + ")");
        }
        window = Math.max(1, window / 2);
        LOG.warn("eth_getLogs refused blocks {}..{}; narrowing to {} blocks", from, to, window);
        continue;
      }
      List<Log> ordered = new ArrayList<>(fetched.get());
      ordered.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
      EthBlock.Block last = block(DefaultBlockParameter.valueOf(BigInteger.valueOf(to)));
      index.commitWindow(
          ordered,
          new IndexCursor(to, Bytes32.fromHexString(last.getHash())),
          chainTime,
          block -> times.computeIfAbsent(block, this::timestampOf));
      logs += ordered.size();
      from = to + 1;
    }
    if (logs == 0) {
      index.recordChainTime(chainTime);
    }
    recordQuorums(chainTime);
    return logs;
  }

  private void recordQuorums(long chainTime) {
    for (BigInteger proposalId : index.awaitingQuorum(QUORUM_LOOKUPS_PER_POLL)) {
      Optional<IndexedProposal> proposal = index.proposal(proposalId);
      if (proposal.isEmpty() || proposal.get().voteStart() >= chainTime) {
        continue;
      }
      BigInteger snapshot = BigInteger.valueOf(proposal.get().voteStart());
      try {
        index.recordQuorum(proposalId, reader.quorum(snapshot), reader.pastTotalSupply(snapshot));
      } catch (ContractRevertedException e) {
        // The node's clock has not passed the snapshot yet for calls; next poll.
        LOG.debug("quorum of proposal {} not readable yet: {}", proposalId, e.getMessage());
      }
    }
  }

  private Optional<List<Log>> fetchLogs(long from, long to) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            index.addresses());
    filter.addOptionalTopics(index.topics().toArray(String[]::new));
    EthLog response = call("eth_getLogs", () -> web3j.ethGetLogs(filter).send());
    if (response.hasError()) {
      return Optional.empty();
    }
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : response.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new IOException("eth_getLogs returned something other than logs");
      }
      if (log.isRemoved()) {
        throw new ReorgDetectedException(
            "a confirmed log in block " + log.getBlockNumber() + " was removed");
      }
      logs.add(log);
    }
    return Optional.of(logs);
  }

  private void requireCanonical(IndexCursor cursor) throws IOException {
    Bytes32 canonical =
        Bytes32.fromHexString(
            block(DefaultBlockParameter.valueOf(BigInteger.valueOf(cursor.block()))).getHash());
    if (!canonical.equals(cursor.blockHash())) {
      throw new ReorgDetectedException(
          "block "
              + cursor.block()
              + " was indexed as "
              + cursor.blockHash()
              + " but the chain now has "
              + canonical);
    }
  }

  private long timestampOf(long number) {
    try {
      return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)))
          .getTimestamp()
          .longValueExact();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private EthBlock.Block block(DefaultBlockParameter number) throws IOException {
    EthBlock block =
        call("eth_getBlockByNumber", () -> web3j.ethGetBlockByNumber(number, false).send());
    if (block.hasError() || block.getBlock() == null) {
      throw new IOException("block " + number.getValue() + " is not available");
    }
    return block.getBlock();
  }

  private <T extends Response<?>> T call(String what, RetryPolicy.IoCall<T> call)
      throws IOException {
    return retry.call(what, call);
  }
}
