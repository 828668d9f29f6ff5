package org.polyculture.transfer.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.TransferJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer API over HTTP (docs/transfer.md): states by hash (tree, then chunks), committed
 * segments' steps, datasets by root, health, and any JSON endpoints the node adds (the worker's
 * status). Every request holds a slot of a {@link RequestLimiter} while it is handled, so one
 * client, or many, cannot make the node work on more than a bounded number of requests at once;
 * idle connections are closed after {@link ServerSettings#idleTimeout()}.
 */
public final class TransferServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransferServer.class);

  private final Javalin app;
  private final RequestLimiter limiter;
  private final int port;
  private final URI baseUri;

  private TransferServer(Javalin app, RequestLimiter limiter, String host) {
    this.app = app;
    this.limiter = limiter;
    this.port = app.port();
    this.baseUri =
        URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  public static Builder builder(ServerSettings settings) {
    return new Builder(settings);
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return port;
  }

  /** {@code http://host:port}: what the node registers as its endpoint. */
  public URI baseUri() {
    return baseUri;
  }

  /** Requests being handled now. */
  public int inFlight() {
    return limiter.inFlight();
  }

  @Override
  public void close() {
    app.stop();
    LOG.info("transfer server on {} stopped", baseUri());
  }

  /** Collects the sources a server serves from. */
  public static final class Builder {
    private final ServerSettings settings;
    private StateSource states = StateSource.none();
    private StepsSource steps = StepsSource.none();
    private DatasetSource datasets = DatasetSource.none();
    private final Map<String, Supplier<Object>> jsonEndpoints = new LinkedHashMap<>();
    private Optional<MetricsRegistry> metrics = Optional.empty();
    private String metricsServer = "transfer";

    private Builder(ServerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Builder states(StateSource source) {
      this.states = Objects.requireNonNull(source);
      return this;
    }

    public Builder steps(StepsSource source) {
      this.steps = Objects.requireNonNull(source);
      return this;
    }

    public Builder datasets(DatasetSource source) {
      this.datasets = Objects.requireNonNull(source);
      return this;
    }

    /**
     * Serves {@code body.get()} as JSON at {@code path} (for example {@link TransferApi#STATUS}).
     */
    public Builder json(String path, Supplier<Object> body) {
      jsonEndpoints.put(path, Objects.requireNonNull(body));
      return this;
    }

    /**
     * Counts this server's requests in {@code registry} as server {@code server} and serves the
     * registry at {@link HttpMetrics#PATH} (Prometheus text).
     */
    public Builder metrics(MetricsRegistry registry, String server) {
      this.metrics = Optional.of(registry);
      this.metricsServer = Objects.requireNonNull(server);
      return this;
    }

    /** Starts listening; throws if the port cannot be bound. */
    public TransferServer start() {
      RequestLimiter limiter =
          new RequestLimiter(settings.maxInFlight(), settings.maxInFlightPerClient());
      Routes routes = new Routes(states, steps, datasets);
      QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), 2);
      threads.setName("transfer-http");
      Javalin app =
          Javalin.create(
              config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.compressionStrategy = CompressionStrategy.NONE;
                config.jetty.threadPool = threads;
                config.jetty.modifyHttpConfiguration(
                    http -> http.setIdleTimeout(settings.idleTimeout().toMillis()));
                metrics.ifPresent(registry -> HttpMetrics.install(config, registry, metricsServer));
                config.routes.get(TransferApi.HEALTH, limited(limiter, Routes::health));
                config.routes.get(TransferApi.STATE_TREE, limited(limiter, routes::tree));
                config.routes.get(TransferApi.STATE_CHUNK, limited(limiter, routes::chunk));
                config.routes.get(TransferApi.SEGMENT_STEPS, limited(limiter, routes::steps));
                config.routes.get(TransferApi.DATASET_MANIFEST, limited(limiter, routes::manifest));
                config.routes.get(TransferApi.DATASET_SHARD, limited(limiter, routes::shard));
                jsonEndpoints.forEach(
                    (path, body) ->
                        config.routes.get(
                            path, limited(limiter, ctx -> Routes.json(ctx, 200, body.get()))));
                config.routes.exception(
                    SourceUnavailableException.class,
                    (e, ctx) -> Routes.error(ctx, 503, e.getMessage()));
                config.routes.exception(
                    Exception.class,
                    (e, ctx) -> {
                      LOG.warn("transfer request {} failed", ctx.path(), e);
                      Routes.error(ctx, 500, "internal error");
                    });
              });
      app.start(settings.host(), settings.port());
      for (Connector connector : app.jettyServer().server().getConnectors()) {
        if (connector instanceof AbstractConnector idle) {
          idle.setIdleTimeout(settings.idleTimeout().toMillis());
        }
      }
      TransferServer server = new TransferServer(app, limiter, settings.host());
      LOG.info(
          "transfer server listening on {} ({} requests at once, {} per client)",
          server.baseUri(),
          settings.maxInFlight(),
          settings.maxInFlightPerClient());
      return server;
    }
  }

  private static Handler limited(RequestLimiter limiter, Handler handler) {
    return ctx -> {
      String client = ctx.ip();
      if (!limiter.tryAcquire(client)) {
        ctx.header("Retry-After", "1");
        Routes.error(ctx, 429, "too many requests in flight");
        return;
      }
      try {
        handler.handle(ctx);
      } finally {
        limiter.release(client);
      }
    };
  }

  /** The endpoint handlers: parse, look up, answer. */
  private record Routes(StateSource states, StepsSource steps, DatasetSource datasets) {

    static void health(Context ctx) {
      json(ctx, 200, Map.of("status", "ok", "api", 1));
    }

    void tree(Context ctx) {
      Optional<Bytes32> hash = hashParam(ctx, "stateHash");
      if (hash.isEmpty()) {
        return;
      }
      Optional<ServableState> state = states.state(hash.get());
      if (state.isEmpty()) {
        error(ctx, 404, "no state " + hash.get().toHexString());
        return;
      }
      ctx.status(200)
          .contentType(TransferApi.JSON)
          .result(TransferJson.writeTree(state.get().tree()));
    }

    void chunk(Context ctx) {
      Optional<Bytes32> hash = hashParam(ctx, "stateHash");
      if (hash.isEmpty()) {
        return;
      }
      String indexText = ctx.pathParam("index");
      if (!TransferApi.isDecimal(indexText) || indexText.length() > 9) {
        error(ctx, 400, "chunk index must be a decimal integer");
        return;
      }
      int index = Integer.parseInt(indexText);
      Optional<ServableState> state = states.state(hash.get());
      if (state.isEmpty()) {
        error(ctx, 404, "no state " + hash.get().toHexString());
        return;
      }
      ChunkTree tree = state.get().tree();
      if (index >= tree.chunkCount()) {
        error(ctx, 404, "the state has " + tree.chunkCount() + " chunks");
        return;
      }
      Bytes chunk = state.get().chunk(index);
      ctx.status(200).contentType(TransferApi.OCTETS).result(chunk.toArrayUnsafe());
    }

    void steps(Context ctx) {
      String job = ctx.pathParam("jobId");
      String segmentText = ctx.pathParam("segment");
      if (!TransferApi.isDecimal(job)
          || !TransferApi.isDecimal(segmentText)
          || segmentText.length() > 18) {
        error(ctx, 400, "job id and segment must be decimal integers");
        return;
      }
      Optional<SegmentSteps> found = steps.steps(new BigInteger(job), Long.parseLong(segmentText));
      if (found.isEmpty()) {
        error(ctx, 404, "no committed segment " + segmentText + " of job " + job);
        return;
      }
      ctx.status(200).contentType(TransferApi.JSON).result(TransferJson.writeSteps(found.get()));
    }

    void manifest(Context ctx) {
      Optional<Bytes32> root = hashParam(ctx, "datasetRoot");
      if (root.isEmpty()) {
        return;
      }
      Optional<Bytes> manifest = datasets.manifest(root.get());
      if (manifest.isEmpty()) {
        error(ctx, 404, "no dataset " + root.get().toHexString());
        return;
      }
      ctx.status(200).contentType(TransferApi.JSON).result(manifest.get().toArrayUnsafe());
    }

    void shard(Context ctx) throws IOException {
      Optional<Bytes32> root = hashParam(ctx, "datasetRoot");
      Optional<Bytes32> sha256 = root.isEmpty() ? Optional.empty() : hashParam(ctx, "sha256");
      if (sha256.isEmpty()) {
        return;
      }
      Optional<DatasetSource.ShardFile> shard = datasets.shard(root.get(), sha256.get());
      if (shard.isEmpty()) {
        error(ctx, 404, "no shard " + sha256.get().toHexString());
        return;
      }
      DatasetSource.ShardFile file = shard.get();
      // Streamed, never buffered whole: a shard may be tens of MiB.
      ctx.status(200)
          .contentType(TransferApi.OCTETS)
          .header("Content-Length", Long.toString(file.size()))
          .result(new BoundedInputStream(Files.newInputStream(file.path()), file.size()));
    }

    static void json(Context ctx, int status, Object body) {
      ctx.status(status).contentType(TransferApi.JSON).result(TransferJson.write(body));
    }

    static void error(Context ctx, int status, String message) {
      json(ctx, status, Map.of("error", message == null ? "unavailable" : message));
    }

    private static Optional<Bytes32> hashParam(Context ctx, String name) {
      String text = ctx.pathParam(name);
      if (!TransferApi.isHash(text)) {
        error(ctx, 400, name + " must be 0x and 64 lowercase hex digits");
        return Optional.empty();
      }
      return Optional.of(Bytes32.fromHexString(text));
    }
  }
}
