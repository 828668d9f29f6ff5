package org.polyculture.app.devnet;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the protocol's events with the chain layer's {@link EventIndexer} (in memory: the devnet
 * starts from an empty chain each time) and feeds each new log, once and in chain order, to a
 * {@link CommonsTally}.
 */
public final class CommonsFollower {

  private static final int LOGS_PER_READ = 10_000;

  private final EventIndexer indexer;
  private final CommonsTally tally;
  private long nextBlock;

  public CommonsFollower(Web3j web3j, ChainDeployment deployment) {
    this.indexer =
        new EventIndexer(
            web3j,
            deployment,
            new InMemoryKeyValueStorage(),
            IndexerSettings.devnet(),
            new RetryPolicy(TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL));
    this.tally = new CommonsTally(deployment);
    this.nextBlock = deployment.deployBlock();
  }

  public CommonsTally tally() {
    return tally;
  }

  /** Indexes new blocks and applies their logs; returns the last block applied, if any. */
  public synchronized Optional<Long> poll() throws IOException {
    indexer.poll();
    Optional<IndexCursor> cursor = indexer.index().cursor();
    if (cursor.isEmpty() || cursor.get().block() < nextBlock) {
      return cursor.map(IndexCursor::block);
    }
    long last = cursor.get().block();
    List<Log> logs = indexer.index().logs(nextBlock, LOGS_PER_READ);
    if (logs.size() == LOGS_PER_READ) {
      throw new IllegalStateException(
          "more than " + LOGS_PER_READ + " protocol events between two polls of the devnet");
    }
    for (Log log : logs) {
      if (log.getBlockNumber().longValueExact() <= last) {
        tally.apply(log);
      }
    }
    nextBlock = last + 1;
    return Optional.of(last);
  }
}
