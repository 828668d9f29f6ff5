package org.polyculture.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
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

  /** An evm_snapshot id. */
  public record Snapshot(String id) {}

  /** A JSON-RPC response whose result is whatever JSON Ganache returned. */
  public static final class GenericResponse extends Response<Object> {}
}
