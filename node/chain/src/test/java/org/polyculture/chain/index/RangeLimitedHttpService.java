package org.polyculture.chain.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.protocol.http.HttpService;

/** A node that, like many public endpoints, refuses eth_getLogs over more than a few blocks. */
final class RangeLimitedHttpService extends HttpService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long maxBlocks;
  private final AtomicInteger refusals = new AtomicInteger();

  RangeLimitedHttpService(String url, long maxBlocks) {
    super(url);
    this.maxBlocks = maxBlocks;
  }

  int refusals() {
    return refusals.get();
  }

  @Override
  protected InputStream performIO(String request) throws IOException {
    JsonNode call = JSON.readTree(request);
    if ("eth_getLogs".equals(call.path("method").asText())) {
      JsonNode filter = call.path("params").path(0);
      long from =
          new BigInteger(filter.path("fromBlock").asText().substring(2), 16).longValueExact();
      long to = new BigInteger(filter.path("toBlock").asText().substring(2), 16).longValueExact();
      if (to - from + 1 > maxBlocks) {
        refusals.incrementAndGet();
        String error =
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + call.path("id")
                + ",\"error\":{\"code\":-32005,\"message\":\"block range is limited to "
                + maxBlocks
                + "\"}}";
        return new ByteArrayInputStream(error.getBytes(StandardCharsets.UTF_8));
      }
    }
    return super.performIO(request);
  }
}
