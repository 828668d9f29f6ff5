package org.polyculture.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * A local Ganache chain as tests see it: a Web3j client, the funded deterministic accounts, and the
 * controls a real chain lacks. On Ganache time moves only when a block is mined, so {@link
 * #increaseTime} mines one after moving the clock.
 *
 * <p>Outside the JUnit extension, start one with {@link GanacheProcess#start()} and {@link
 * #LocalChain(String, List)}.
 */
public final class LocalChain implements AutoCloseable {

  private final String rpcUrl;
  private final HttpService service;
  private final Web3j web3j;
  private final List<Credentials> accounts;
  private final long chainId;

  public LocalChain(String rpcUrl, List<Credentials> accounts) {
    this.rpcUrl = rpcUrl;
    this.service = new HttpService(rpcUrl);
    this.web3j = Web3j.build(service);
    this.accounts = List.copyOf(accounts);
    this.chainId = send(web3j.ethChainId()).getChainId().longValueExact();
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  /** The i-th funded deterministic account (test keys only). */
  public Credentials account(int index) {
    return accounts.get(index);
  }

  public List<Credentials> accounts() {
    return accounts;
  }

  /** Moves the chain clock forward and mines a block, so the next block is at least that late. */
  public void increaseTime(Duration duration) {
    call("evm_increaseTime", List.of(duration.toSeconds()));
    mine();
  }

  /** Mines one empty block. */
  public void mine() {
    call("evm_mine", List.of());
  }

  /**
   * Stops mining: transactions wait in the pool until {@link #mine} (which still mines them, one
   * block at a time) or {@link #startMining}. Fault tests use it to hold a node's transaction
   * between "sent" and "in a block". Ganache's pending nonce does not count pooled transactions;
   * {@link #pooledTransactions} does.
   */
  public void stopMining() {
    call("miner_stop", List.of());
  }

  /** Mines what waits in the pool and goes back to mining every transaction at once. */
  public void startMining() {
    call("miner_start", List.of());
  }

  /** The transactions of {@code from} waiting in the pool (Ganache's {@code txpool_content}). */
  public List<SentTransaction> pooledTransactions(String from) {
    Object result = call("txpool_content", List.of()).getResult();
    List<SentTransaction> pooled = new ArrayList<>();
    if (result instanceof Map<?, ?> content
        && content.get("pending") instanceof Map<?, ?> byAccount) {
      for (Map.Entry<?, ?> account : byAccount.entrySet()) {
        if (account.getKey().toString().equalsIgnoreCase(from)
            && account.getValue() instanceof Map<?, ?> byNonce) {
          for (Object transaction : byNonce.values()) {
            if (transaction instanceof Map<?, ?> fields) {
              pooled.add(
                  new SentTransaction(
                      String.valueOf(fields.get("hash")),
                      String.valueOf(fields.get("from")),
                      String.valueOf(fields.get("to")),
                      String.valueOf(fields.get("input"))));
            }
          }
        }
      }
    }
    return pooled;
  }

  /**
   * With mining stopped: mines {@code from}'s other transactions as they reach the pool until one
   * calling {@code signature} waits there, and returns it unmined. {@code check} runs on every poll
   * (to fail early when the sender's process died).
   */
  public SentTransaction awaitPooled(
      String from, String signature, Runnable check, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<SentTransaction> pooled = pooledTransactions(from);
      for (SentTransaction transaction : pooled) {
        if (transaction.calls(signature)) {
          return transaction;
        }
      }
      if (!pooled.isEmpty()) {
        mine();
      }
      check.run();
      Thread.sleep(50);
    }
    throw new AssertionError(from + " sent no " + signature + " within " + timeout);
  }

  /** The transactions of {@code from} in blocks {@code fromBlock} to the latest, in order. */
  public List<SentTransaction> minedTransactions(String from, BigInteger fromBlock) {
    List<SentTransaction> mined = new ArrayList<>();
    BigInteger head = blockNumber();
    for (BigInteger n = fromBlock; n.compareTo(head) <= 0; n = n.add(BigInteger.ONE)) {
      EthBlock.Block block =
          send(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(n), true)).getBlock();
      for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
        Transaction transaction = (Transaction) result.get();
        if (transaction.getFrom().equalsIgnoreCase(from)) {
          mined.add(
              new SentTransaction(
                  transaction.getHash(),
                  transaction.getFrom(),
                  String.valueOf(transaction.getTo()),
                  transaction.getInput()));
        }
      }
    }
    return mined;
  }

  /** Records the chain state; {@link #revert} returns to it (once). */
  public Snapshot snapshot() {
    return new Snapshot(call("evm_snapshot", List.of()).getResult().toString());
  }

  public void revert(Snapshot snapshot) {
    Object reverted = call("evm_revert", List.of(snapshot.id())).getResult();
    if (!Boolean.TRUE.equals(reverted)) {
      throw new IllegalStateException("evm_revert refused snapshot " + snapshot.id());
    }
  }

  public BigInteger blockNumber() {
    return send(web3j.ethBlockNumber()).getBlockNumber();
  }

  public Instant latestBlockTime() {
    BigInteger seconds =
        send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
            .getBlock()
            .getTimestamp();
    return Instant.ofEpochSecond(seconds.longValueExact());
  }

  /** Closes the client (not the chain). Tests do not close the extension's shared chain. */
  @Override
  public void close() {
    web3j.shutdown();
  }

  private GenericResponse call(String method, List<?> params) {
    return send(new Request<>(method, params, service, GenericResponse.class));
  }

  private static <T extends Response<?>> T send(Request<?, T> request) {
    try {
      T response = request.send();
      if (response.hasError()) {
        throw new IllegalStateException(
            request.getMethod() + " failed: " + response.getError().getMessage());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(request.getMethod() + " failed", e);
    }
  }

  /**
   * A transaction as a node sent it: who to and with what calldata.
   *
   * @param hash its hash
   * @param from the sender
   * @param to the contract or account called
   * @param input the calldata, 0x-hex
   */
  public record SentTransaction(String hash, String from, String to, String input) {

    public SentTransaction {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(input, "input");
    }

    /**
     * Whether it calls the function of {@code signature}, e.g. {@code
     * "claimReward(uint256,uint256)"}.
     */
    public boolean calls(String signature) {
      return input.toLowerCase(Locale.ROOT).startsWith(selector(signature));
    }

    /** The 4-byte selector of a function signature, 0x-hex. */
    public static String selector(String signature) {
      return Hash.sha3String(signature).substring(0, 10);
    }
  }

  /** An evm_snapshot id. */
  public record Snapshot(String id) {}

  /** A JSON-RPC response whose result is whatever JSON Ganache returned. */
  public static final class GenericResponse extends Response<Object> {}
}
