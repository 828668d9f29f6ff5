package org.polyculture.chain.index;

/**
 * The chain replaced a block the indexer had already indexed: a reorganization deeper than the
 * configured confirmations. The index is left as it was; the operator raises the confirmations and
 * re-indexes (delete the index storage) rather than have it mix two histories.
 */
public class ReorgDetectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ReorgDetectedException(String message) {
    super(message);
  }
}
