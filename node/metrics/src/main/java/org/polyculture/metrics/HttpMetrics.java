package org.polyculture.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Set;

/**
 * Counts a Javalin server's requests and their durations, labelled by server, method, route
 * template (never the raw path, whose values a client chooses) and status, and serves the registry
 * at {@link #PATH}.
 */
public final class HttpMetrics {

  /** Where every node serves its metrics. */
  public static final String PATH = "/metrics";

  private static final String STARTED = "polyculture.metrics.started";
  private static final String UNMATCHED = "unmatched";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final String server;
  private final LabelledCounter requests;
  private final LabelledSummary durations;

  private HttpMetrics(String server, MetricsRegistry registry) {
    this.server = server;
    this.requests =
        registry.counter(
            "http_requests_total", "HTTP requests answered", "server", "method", "route", "status");
    this.durations =
        registry.summary(
            "http_request_duration_seconds",
            "Time to answer HTTP requests",
            "server",
            "method",
            "route");
  }

  /**
   * Records every request of the server being configured as {@code server} (for example "worker"),
   * and serves {@code registry} at {@code /metrics}. Call once per registry.
   */
  public static void install(JavalinConfig config, MetricsRegistry registry, String server) {
    HttpMetrics metrics = new HttpMetrics(server, registry);
    config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    config.routes.after(metrics::record);
    config.routes.get(
        PATH, ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE).result(registry.scrape()));
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    String method = ctx.method().name();
    if (!METHODS.contains(method)) {
      method = "OTHER";
    }
    String route = route(ctx);
    requests.increment(server, method, route, Integer.toString(ctx.statusCode()));
    if (started != null) {
      durations.observe((System.nanoTime() - started) / 1e9, server, method, route);
    }
  }

  private static String route(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
      if (endpoint == null || endpoint.method == HandlerType.BEFORE) {
        return UNMATCHED;
      }
      return endpoint.path;
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }
}
