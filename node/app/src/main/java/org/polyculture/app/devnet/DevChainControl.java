package org.polyculture.app.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The development RPC methods of a local chain (Ganache): mine a block, move the clock, set an
 * account's ether balance. Only ever pointed at the devnet's own chain.
 */
public final class DevChainControl {

  private final HttpService service;

  public DevChainControl(HttpService service) {
    this.service = service;
  }

  /** Mines one empty block. */
  public void mine() throws IOException {
    call("evm_mine", List.of());
  }

  /** Moves the chain's clock forward by {@code duration}; the next block carries it. */
  public void increaseTime(Duration duration) throws IOException {
    call("evm_increaseTime", List.of(duration.toSeconds()));
  }

  /** Moves the clock forward and mines a block that carries it. */
  public void advance(Duration duration) throws IOException {
    increaseTime(duration);
    mine();
  }

  /** Gives {@code address} exactly {@code wei} of ether. */
  public void setBalance(String address, BigInteger wei) throws IOException {
    call("evm_setAccountBalance", List.of(address, Numeric.toHexStringWithPrefix(wei)));
  }

  /** The chain's time: the latest block's timestamp, in seconds. */
  public static long chainTime(Web3j web3j) throws IOException {
    return web3j
        .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
        .send()
        .getBlock()
        .getTimestamp()
        .longValueExact();
  }

  private Object call(String method, List<?> parameters) throws IOException {
    Response<Object> response =
        new Request<>(method, parameters, service, GenericResponse.class).send();
    if (response.hasError()) {
      throw new IOException(method + " failed: " + response.getError().getMessage());
    }
    return response.getResult();
  }

  /** A JSON-RPC response whose result is whatever JSON the chain returned. */
  public static final class GenericResponse extends Response<Object> {}
}
