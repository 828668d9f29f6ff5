package org.polyculture.governance.index;

import java.util.Objects;

/** When something happened on chain: the block, its timestamp, and the transaction. */
public record ChainMoment(long block, long time, String transaction) {

  public ChainMoment {
    Objects.requireNonNull(transaction, "transaction");
  }
}
