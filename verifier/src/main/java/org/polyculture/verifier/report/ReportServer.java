package org.polyculture.verifier.report;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MetricsRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the verifier's report over HTTP: {@code GET /v1/report} (the JSON report), {@code GET
 * /v1/metrics} (the counters), {@code GET /v1/health} and {@code GET /metrics} (every metric of the
 * node in the Prometheus text format). Read-only; nothing here changes the node.
 */
public final class ReportServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReportServer.class);
  private static final String JSON = "application/json";

  private final Javalin server;

  private ReportServer(Javalin server) {
    this.server = server;
  }

  /** Starts serving on {@code address} (port 0 picks a free one), with a registry of its own. */
  public static ReportServer start(
      InetSocketAddress address,
      Supplier<VerifierReport> report,
      Supplier<Map<String, Long>> counters) {
    return start(address, report, counters, new MetricsRegistry());
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free one); {@code registry} is served at
   * {@code /metrics} and counts this server's requests.
   */
  public static ReportServer start(
      InetSocketAddress address,
      Supplier<VerifierReport> report,
      Supplier<Map<String, Long>> counters,
      MetricsRegistry registry) {
    Javalin server =
        Javalin.create(
            config -> {
              config.jetty.host = address.getHostString();
              config.jetty.port = address.getPort();
              config.startup.showJavalinBanner = false;
              HttpMetrics.install(config, registry, "verifier");
              config.routes.get("/v1/health", ctx -> json(ctx, Map.of("status", "ok")));
              config.routes.get("/v1/report", ctx -> json(ctx, report.get()));
              config.routes.get("/v1/metrics", ctx -> json(ctx, counters.get()));
            });
    server.start();
    LOG.info(
        "serving the verifier report on http://{}:{}/v1/report",
        address.getHostString(),
        server.port());
    return new ReportServer(server);
  }

  public int port() {
    return server.port();
  }

  private static void json(Context ctx, Object value) {
    ctx.contentType(JSON).result(ReportJson.bytes(value));
  }

  @Override
  public void close() {
    server.stop();
  }
}
