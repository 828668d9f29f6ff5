package org.polyculture.worker;

import java.util.Objects;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.tx.RetryPolicy;
import org.web3j.protocol.Web3j;

/**
 * The chain as a worker sees it: its {@link Ledger} (its key's view and transactions), and the
 * client, deployment and retry policy its event indexer reads logs with.
 */
public record ChainAccess(
    Ledger ledger, Web3j web3j, ChainDeployment deployment, RetryPolicy retry) {

  public ChainAccess {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(web3j, "web3j");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(retry, "retry");
  }
}
