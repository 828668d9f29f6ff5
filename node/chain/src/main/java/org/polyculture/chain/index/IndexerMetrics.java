package org.polyculture.chain.index;

import org.polyculture.metrics.MetricsRegistry;

/** The indexer's gauges, the same on every node: the head it last saw and how far behind it is. */
public final class IndexerMetrics {

  private IndexerMetrics() {}

  public static void register(MetricsRegistry registry, EventIndexer indexer) {
    registry.gauge(
        "indexer_head_block",
        "Chain head seen by the indexer's last poll (-1 before the first)",
        () -> indexer.lastSeenHead().orElse(-1));
    registry.gauge(
        "indexer_lag_blocks",
        "Blocks between that head and the last indexed block, confirmations included (-1 before"
            + " the first poll)",
        () -> indexer.lagBlocks().orElse(-1));
  }
}
