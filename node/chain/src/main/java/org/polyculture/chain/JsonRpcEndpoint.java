package org.polyculture.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.web3j.protocol.http.HttpService;

/**
 * The HTTP transport to a JSON-RPC endpoint, with the limits every peer gets: a connect, read and
 * whole-call timeout (a server that drips its answer a byte at a time is cut off), and a bound on
 * the answer's size (a server that never ends its body cannot fill the heap). Web3j's default
 * client has neither a call timeout nor a size bound.
 */
public final class JsonRpcEndpoint {

  private JsonRpcEndpoint() {}

  /**
   * The limits on one JSON-RPC call.
   *
   * @param connect to open the connection
   * @param read between two reads of the answer
   * @param call for the whole call, answer included
   * @param maxAnswerBytes the largest answer read (eth_getLogs over a window is the largest)
   */
  public record Limits(Duration connect, Duration read, Duration call, long maxAnswerBytes) {

    /** Generous for a real chain's eth_getLogs, small enough that no answer can exhaust a node. */
    public static final Limits DEFAULT =
        new Limits(
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 64L << 20);

    public Limits {
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(call, "call");
      if (connect.isNegative() || read.isNegative() || call.isNegative() || call.isZero()) {
        throw new IllegalArgumentException("JSON-RPC timeouts must be positive");
      }
      if (maxAnswerBytes < 1024) {
        throw new IllegalArgumentException("maxAnswerBytes must be at least 1 KiB");
      }
    }
  }

  /** An HTTP service for {@code url} under the default limits. */
  public static HttpService httpService(String url) {
    return httpService(url, Limits.DEFAULT);
  }

  /** An HTTP service for {@code url} under {@code limits}. */
  public static HttpService httpService(String url, Limits limits) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectTimeout(limits.connect())
            .readTimeout(limits.read())
            .writeTimeout(limits.read())
            .callTimeout(limits.call())
            .addNetworkInterceptor(
                chain -> bounded(chain.proceed(chain.request()), limits.maxAnswerBytes()))
            .build();
    return new HttpService(url, client);
  }

  private static Response bounded(Response response, long limit) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    long declared = body.contentLength();
    if (declared > limit) {
      response.close();
      throw new IOException(
          "the JSON-RPC endpoint declares an answer of " + declared + " bytes; at most " + limit);
    }
    return response.newBuilder().body(new BoundedBody(body, limit)).build();
  }

  /** A body that fails with an IOException as soon as more than {@code limit} bytes arrive. */
  private static final class BoundedBody extends ResponseBody {
    private final ResponseBody delegate;
    private final BufferedSource source;

    BoundedBody(ResponseBody delegate, long limit) {
      this.delegate = delegate;
      this.source =
          Okio.buffer(
              new ForwardingSource(delegate.source()) {
                private long total;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                  long read = super.read(sink, byteCount);
                  if (read > 0) {
                    total += read;
                    if (total > limit) {
                      throw new IOException(
                          "the JSON-RPC endpoint's answer exceeds " + limit + " bytes");
                    }
                  }
                  return read;
                }
              });
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }
  }
}
