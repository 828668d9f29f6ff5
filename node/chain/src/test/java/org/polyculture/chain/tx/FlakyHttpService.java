package org.polyculture.chain.tx;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.protocol.http.HttpService;

/**
 * An HTTP transport that breaks on purpose: the next {@code n} requests of a given JSON-RPC method
 * either fail before reaching the node or reach it and lose the response.
 */
final class FlakyHttpService extends HttpService {

  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile String method = "";
  private volatile boolean deliverBeforeFailing;

  FlakyHttpService(String url) {
    super(url);
  }

  /**
   * The next {@code count} calls of {@code rpcMethod} fail; if {@code deliver}, after reaching the
   * node.
   */
  void failNext(String rpcMethod, int count, boolean deliver) {
    this.method = rpcMethod;
    this.deliverBeforeFailing = deliver;
    failuresLeft.set(count);
  }

  int failuresLeft() {
    return failuresLeft.get();
  }

  @Override
  protected InputStream performIO(String request) throws IOException {
    if (request.contains("\"" + method + "\"")
        && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (deliverBeforeFailing) {
        super.performIO(request).close();
        throw new IOException("connection reset after the request was delivered (test)");
      }
      throw new IOException("connection refused (test)");
    }
    return super.performIO(request);
  }
}
