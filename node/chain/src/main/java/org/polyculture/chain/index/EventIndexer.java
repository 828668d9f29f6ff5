package org.polyculture.chain.index;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.exceptions.MessageDecodingException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the protocol's contracts with eth_getLogs over bounded block windows (not a subscription,
 * which loses events when a connection drops) and writes them into a {@link ProtocolIndex}. Only
 * blocks buried under {@code confirmations} others are read, so a reorg no deeper than that never
 * reaches the index. Each window's records and the cursor after it are committed in one storage
 * transaction: after a crash or restart indexing resumes at the cursor, and a window is never half
 * applied. A cursor block that the chain has since replaced means a deeper reorg, reported as a
 * {@link ReorgDetectedException} rather than mixed into the index.
 */
public final class EventIndexer {

  private static final Logger LOG = LoggerFactory.getLogger(EventIndexer.class);
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern DATA = Pattern.compile("0x([0-9a-fA-F]{2})*");

  private final Web3j web3j;
  private final ChainDeployment deployment;
  private final ProtocolIndex index;
  private final IndexerSettings settings;
  private final RetryPolicy retry;
  private volatile long lastSeenHead = -1;

  public EventIndexer(
      Web3j web3j,
      ChainDeployment deployment,
      KeyValueStorage storage,
      IndexerSettings settings,
      RetryPolicy retry) {
    this.web3j = web3j;
    this.deployment = deployment;
    this.index = new ProtocolIndex(storage, deployment);
    this.settings = settings;
    this.retry = retry;
  }

  public ProtocolIndex index() {
    return index;
  }

  /** The chain head the last poll saw; empty before the first poll reached the chain. */
  public OptionalLong lastSeenHead() {
    long head = lastSeenHead;
    return head < 0 ? OptionalLong.empty() : OptionalLong.of(head);
  }

  /**
   * Blocks between the head the last poll saw and the last block indexed (the confirmations the
   * indexer waits for included); empty before the first poll reached the chain.
   */
  public OptionalLong lagBlocks() {
    long head = lastSeenHead;
    if (head < 0) {
      return OptionalLong.empty();
    }
    long indexed = index.cursor().map(IndexCursor::block).orElse(deployment.deployBlock() - 1);
    return OptionalLong.of(Math.max(0, head - indexed));
  }

  /**
   * Indexes every confirmed block not yet indexed, window by window, and returns what was done
   * (empty when there was nothing new).
   */
  public synchronized Optional<Progress> poll() throws IOException {
    EthBlockNumber answer = call("eth_blockNumber", () -> web3j.ethBlockNumber().send());
    if (answer.hasError()) {
      throw new IOException("eth_blockNumber failed: " + answer.getError().getMessage());
    }
    long head = quantity("eth_blockNumber", answer::getBlockNumber);
    lastSeenHead = head;
    long safeHead = head - settings.confirmations();
    Optional<IndexCursor> cursor = index.cursor();
    if (cursor.isPresent()) {
      requireCanonical(cursor.get());
    }
    long from = cursor.map(c -> c.block() + 1).orElse(deployment.deployBlock());
    if (from > safeHead) {
      return Optional.empty();
    }
    long first = from;
    int window = settings.windowBlocks();
    int windows = 0;
    int logs = 0;
    while (from <= safeHead) {
      long to = Math.min(safeHead, from + window - 1);
      Optional<List<Log>> fetched = fetchLogs(from, to);
      if (fetched.isEmpty()) {
        if (window == 1) {
          throw new IOException("eth_getLogs refuses even a single block (" + from + ")");
        }
        window = Math.max(1, window / 2);
        LOG.warn(
            "eth_getLogs refused blocks {}..{}; narrowing the window to {} blocks",
            from,
            to,
            window);
        continue;
      }
      List<Log> ordered = new ArrayList<>(fetched.get());
      ordered.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
      IndexCursor next = new IndexCursor(to, blockHash(to));
      try {
        index.commitWindow(ordered, next);
      } catch (StorageException e) {
        throw e;
      } catch (RuntimeException e) {
        // Nothing of the window was committed; the logs came from outside and do not decode.
        throw new IOException(
            "logs of blocks " + from + ".." + to + " do not decode: " + e.getMessage(), e);
      }
      windows++;
      logs += ordered.size();
      from = to + 1;
    }
    LOG.debug("indexed blocks {}..{}: {} logs in {} windows", first, safeHead, logs, windows);
    return Optional.of(new Progress(first, safeHead, logs, windows));
  }

  private Optional<List<Log>> fetchLogs(long from, long to) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            List.of(deployment.staking(), deployment.ledger(), deployment.disputes()));
    EthLog response = call("eth_getLogs", () -> web3j.ethGetLogs(filter).send());
    if (response.hasError()) {
      return Optional.empty();
    }
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : response.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new IOException("eth_getLogs returned something other than logs");
      }
      requireWellFormed(log, from, to);
      if (log.isRemoved()) {
        throw new ReorgDetectedException(
            "a confirmed log in block " + log.getBlockNumber() + " was removed");
      }
      logs.add(log);
    }
    return Optional.of(logs);
  }

  private void requireCanonical(IndexCursor cursor) throws IOException {
    Bytes32 canonical = blockHash(cursor.block());
    if (!canonical.equals(cursor.blockHash())) {
      throw new ReorgDetectedException(
          "block "
              + cursor.block()
              + " was indexed as "
              + cursor.blockHash()
              + " but the chain now has "
              + canonical
              + ": a reorg deeper than "
              + settings.confirmations()
              + " confirmations");
    }
  }

  private Bytes32 blockHash(long number) throws IOException {
    EthBlock block =
        call(
            "eth_getBlockByNumber",
            () ->
                web3j
                    .ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                    .send());
    if (block.hasError() || block.getBlock() == null) {
      throw new IOException("block " + number + " is not available");
    }
    String hash = block.getBlock().getHash();
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new IOException("eth_getBlockByNumber answered a malformed hash for block " + number);
    }
    return Bytes32.fromHexString(hash);
  }

  /**
   * A log's fields the index relies on, checked before any of it is stored: well-formed, from one
   * of the protocol's contracts, and inside the window asked for.
   */
  private void requireWellFormed(Log log, long from, long to) throws IOException {
    long block = quantity("eth_getLogs blockNumber", log::getBlockNumber);
    quantity("eth_getLogs logIndex", log::getLogIndex);
    if (block < from || block > to) {
      throw new IOException(
          "eth_getLogs for blocks " + from + ".." + to + " answered a log of block " + block);
    }
    if (log.getAddress() == null
        || !(log.getAddress().equalsIgnoreCase(deployment.staking())
            || log.getAddress().equalsIgnoreCase(deployment.ledger())
            || log.getAddress().equalsIgnoreCase(deployment.disputes()))
        || log.getTopics() == null
        || log.getTopics().stream()
            .anyMatch(topic -> topic == null || !HASH.matcher(topic).matches())
        || log.getData() == null
        || !DATA.matcher(log.getData()).matches()
        || log.getTransactionHash() == null
        || !HASH.matcher(log.getTransactionHash()).matches()) {
      throw new IOException("eth_getLogs answered a malformed log in block " + block);
    }
  }

  private static long quantity(String what, Supplier<BigInteger> value) throws IOException {
    try {
      BigInteger number = value.get();
      if (number == null || number.signum() < 0) {
        throw new IOException(what + " is missing or negative");
      }
      return number.longValueExact();
    } catch (MessageDecodingException | ArithmeticException e) {
      throw new IOException(what + " is not a block-sized quantity: " + e.getMessage(), e);
    }
  }

  private <T extends org.web3j.protocol.core.Response<?>> T call(
      String what, RetryPolicy.IoCall<T> call) throws IOException {
    return retry.call(what, call);
  }

  /**
   * What one poll indexed: blocks {@code fromBlock..toBlock}, {@code logs} logs, in {@code windows}
   * windows.
   */
  public record Progress(long fromBlock, long toBlock, int logs, int windows) {}
}
