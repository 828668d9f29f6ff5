package org.polyculture.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on a raw socket that answers each path with a scripted {@link Behaviour},
 * including what no well-behaved server does: lie about lengths, never end a body, drip it a byte
 * at a time, or hang up halfway. It counts the body bytes it managed to send, so tests can show
 * that a client stopped reading.
 */
public final class HostileServer implements AutoCloseable {

  /** What to do with one request; writes the raw response. */
  @FunctionalInterface
  public interface Behaviour {
    void respond(OutputStream out, AtomicLong sent) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newCachedThreadPool();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, Behaviour> bodyBehaviours = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicLong bodyBytesSent = new AtomicLong();

  public HostileServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "hostile-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  public HostileServer on(String path, Behaviour behaviour) {
    behaviours.put(path, behaviour);
    return this;
  }

  /**
   * Answers every request whose body contains {@code fragment} (a JSON-RPC method name, for
   * example) with {@code behaviour}; body rules are tried before paths, in no particular order.
   */
  public HostileServer onBody(String fragment, Behaviour behaviour) {
    bodyBehaviours.put(fragment, behaviour);
    return this;
  }

  /** Requests to {@code path}, or whose body matched the body rule {@code path}. */
  public int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  public long bodyBytesSent() {
    return bodyBytesSent.get();
  }

  // ---------------------------------------------------------------- behaviours

  public static Behaviour status(int status, String body) {
    return (out, sent) -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      head(out, status, "Content-Length: " + bytes.length);
      out.write(bytes);
      sent.addAndGet(bytes.length);
    };
  }

  public static Behaviour bytes(byte[] body) {
    return (out, sent) -> {
      head(out, 200, "Content-Length: " + body.length);
      out.write(body);
      sent.addAndGet(body.length);
    };
  }

  public static Behaviour json(String body) {
    return bytes(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Declares {@code declared} bytes, sends {@code body}, then hangs up. */
  public static Behaviour truncated(byte[] body, long declared) {
    return (out, sent) -> {
      head(out, 200, "Content-Length: " + declared);
      out.write(body);
      sent.addAndGet(body.length);
      out.flush();
      throw new HangUp();
    };
  }

  /** A body that never ends: no length, bytes until the client goes away. */
  public static Behaviour endless() {
    return (out, sent) -> {
      head(out, 200, "Connection: close");
      byte[] block = new byte[64 << 10];
      while (true) {
        out.write(block);
        sent.addAndGet(block.length);
      }
    };
  }

  /** Headers at once, then one byte every {@code gapMillis}, for {@code total} bytes. */
  public static Behaviour drip(int total, long gapMillis) {
    return (out, sent) -> {
      head(out, 200, "Content-Length: " + total);
      out.flush();
      for (int i = 0; i < total; i++) {
        Thread.sleep(gapMillis);
        out.write('x');
        out.flush();
        sent.incrementAndGet();
      }
    };
  }

  /** Accepts the request and never answers. */
  public static Behaviour silent() {
    return (out, sent) -> Thread.sleep(60_000);
  }

  public static void head(OutputStream out, int status, String header) throws IOException {
    String head = "HTTP/1.1 " + status + " Scripted\r\n" + header + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
  }

  // ---------------------------------------------------------------- plumbing

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.execute(() -> serve(connection));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      Request request = readRequest(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      String key = request.path();
      Behaviour behaviour = null;
      for (Map.Entry<String, Behaviour> rule : bodyBehaviours.entrySet()) {
        if (request.body().contains(rule.getKey())) {
          key = rule.getKey();
          behaviour = rule.getValue();
          break;
        }
      }
      if (behaviour == null) {
        behaviour = behaviours.getOrDefault(key, status(404, "{\"error\":\"none\"}"));
      }
      hits.computeIfAbsent(key, p -> new AtomicInteger()).incrementAndGet();
      behaviour.respond(out, bodyBytesSent);
      out.flush();
    } catch (IOException | HangUp e) {
      // The client went away or the script hung up: both are what the tests are about.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Request(String path, String body) {}

  private static Request readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.append((char) b);
    }
    String requestLine = head.substring(0, head.indexOf("\r\n"));
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Request(requestLine.split(" ")[1], body);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    connections.shutdownNow();
  }

  /** Ends a scripted response by closing the connection. */
  private static final class HangUp extends RuntimeException {
    HangUp() {
      super(null, null, false, false);
    }
  }
}
