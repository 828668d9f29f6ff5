package org.polyculture.chain.index;

/**
 * How the event indexer reads the chain.
 *
 * @param confirmations blocks a log must be buried under before it is indexed; a reorg no deeper
 *     than this never touches indexed data
 * @param windowBlocks the most blocks one eth_getLogs call covers (halved automatically when a node
 *     refuses a window as too large)
 */
public record IndexerSettings(int confirmations, int windowBlocks) {

  public static final int MAX_WINDOW_BLOCKS = 10_000;

  public IndexerSettings {
    if (confirmations < 0 || confirmations > 1_000) {
      throw new IllegalArgumentException("confirmations must be in [0, 1000]: " + confirmations);
    }
    if (windowBlocks < 1 || windowBlocks > MAX_WINDOW_BLOCKS) {
      throw new IllegalArgumentException(
          "windowBlocks must be in [1, " + MAX_WINDOW_BLOCKS + "]: " + windowBlocks);
    }
  }

  /** An instamine devnet: nothing reorganizes, index everything at once. */
  public static IndexerSettings devnet() {
    return new IndexerSettings(0, 2_000);
  }

  /** A proof-of-stake chain: 12 blocks (more than any reorg seen since the merge). */
  public static IndexerSettings realChain() {
    return new IndexerSettings(12, 2_000);
  }
}
