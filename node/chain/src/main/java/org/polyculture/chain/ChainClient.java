package org.polyculture.chain;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.polyculture.chain.tx.Eip1559GasProvider;
import org.polyculture.chain.tx.NonceTrackingTransactionManager;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.web3j.crypto.Credentials;
import org.web3j.exceptions.MessageDecodingException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * A process's connection to one chain: the Web3j client, the gas provider, and exactly one
 * nonce-tracking transaction manager per key (asking twice for a key returns the same manager, so
 * two parts of a process never hand out the same nonce).
 */
public final class ChainClient implements AutoCloseable {

  private final Web3j web3j;
  private final long chainId;
  private final TransactionSettings settings;
  private final RetryPolicy.Sleeper sleeper;
  private final Eip1559GasProvider gas;
  private final Map<String, NonceTrackingTransactionManager> managers = new HashMap<>();

  private ChainClient(
      Web3j web3j, long chainId, TransactionSettings settings, RetryPolicy.Sleeper sleeper) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.settings = settings;
    this.sleeper = sleeper;
    this.gas = new Eip1559GasProvider(web3j, chainId, settings, new RetryPolicy(settings, sleeper));
  }

  /** Connects to a JSON-RPC endpoint over HTTP and reads its chain id. */
  public static ChainClient connect(String rpcUrl, TransactionSettings settings)
      throws IOException {
    return connect(JsonRpcEndpoint.httpService(rpcUrl), settings, RetryPolicy.Sleeper.REAL);
  }

  public static ChainClient connect(
      Web3jService service, TransactionSettings settings, RetryPolicy.Sleeper sleeper)
      throws IOException {
    Web3j web3j = Web3j.build(service);
    try {
      EthChainId answer =
          new RetryPolicy(settings, sleeper).call("eth_chainId", () -> web3j.ethChainId().send());
      long chainId = chainIdOf(answer);
      return new ChainClient(web3j, chainId, settings, sleeper);
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  private static long chainIdOf(EthChainId answer) throws IOException {
    if (answer.hasError()) {
      throw new IOException("eth_chainId failed: " + answer.getError().getMessage());
    }
    try {
      long chainId = answer.getChainId().longValueExact();
      if (chainId <= 0) {
        throw new IOException("eth_chainId answered " + chainId);
      }
      return chainId;
    } catch (MessageDecodingException | ArithmeticException e) {
      throw new IOException("eth_chainId answered a malformed chain id: " + e.getMessage(), e);
    }
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  public Eip1559GasProvider gasProvider() {
    return gas;
  }

  /** The one transaction manager of this key in this process. */
  public synchronized NonceTrackingTransactionManager transactions(Credentials key) {
    return managers.computeIfAbsent(
        key.getAddress().toLowerCase(Locale.ROOT),
        address -> new NonceTrackingTransactionManager(web3j, key, chainId, settings, sleeper));
  }

  /** The deployed contracts, sending as {@code key}. */
  public ProtocolContracts contracts(ChainDeployment deployment, Credentials key) {
    requireSameChain(deployment);
    return ProtocolContracts.load(web3j, deployment, transactions(key), gas);
  }

  /** The deployed contracts for reading only. */
  public ProtocolContracts readOnly(ChainDeployment deployment) {
    requireSameChain(deployment);
    return ProtocolContracts.load(
        web3j, deployment, new ReadonlyTransactionManager(web3j, deployment.timelock()), gas);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  private void requireSameChain(ChainDeployment deployment) {
    if (deployment.chainId() != chainId) {
      throw new IllegalArgumentException(
          "the deployment is for chain "
              + deployment.chainId()
              + " but this endpoint serves chain "
              + chainId);
    }
  }
}
