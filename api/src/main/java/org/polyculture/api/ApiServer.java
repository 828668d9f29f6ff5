package org.polyculture.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.ApiJson;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.ProblemMapper;
import org.polyculture.api.http.RateLimiter;
import org.polyculture.api.http.RequestLimits;
import org.polyculture.api.http.WebAssets;
import org.polyculture.api.openapi.OpenApiDocument;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MetricsRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP server (Javalin on Jetty): the endpoints it is given, {@code /openapi.json} built
 * from their specs, the web UI from the classpath folder {@code web/} when it was built in,
 * per-client rate limits and body limits before any handler, CORS only for the configured origins,
 * and every error as an RFC 9457 problem ({@link ProblemMapper}).
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  public static final String OPENAPI_PATH = "/openapi.json";
  private static final int MAX_THREADS = 64;

  private final Javalin app;
  private final String host;

  private ApiServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /** Starts serving {@code endpoints}; throws if the address cannot be bound. */
  public static ApiServer start(
      ApiSettings settings, List<ApiEndpoint> endpoints, LongSupplier nanoTime) {
    return start(settings, endpoints, nanoTime, new MetricsRegistry());
  }

  /**
   * Starts serving {@code endpoints}, and {@code registry} in the Prometheus text format at {@code
   * /metrics}; throws if the address cannot be bound.
   */
  public static ApiServer start(
      ApiSettings settings,
      List<ApiEndpoint> endpoints,
      LongSupplier nanoTime,
      MetricsRegistry registry) {
    checkUnique(endpoints);
    RequestLimits limits =
        new RequestLimits(
            settings.maxBodyBytes(),
            new RateLimiter(
                settings.readsPerSecond(),
                settings.readBurst(),
                settings.maxTrackedClients(),
                nanoTime),
            new RateLimiter(
                settings.writesPerSecond(),
                settings.writeBurst(),
                settings.maxTrackedClients(),
                nanoTime));
    List<EndpointSpec> specs = new ArrayList<>();
    endpoints.forEach(endpoint -> specs.add(endpoint.spec()));
    byte[] openApi = openApi(specs);
    WebAssets web = WebAssets.fromClasspath();
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName("api-http");
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.threadPool = threads;
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              config.jsonMapper(new ResponseMapper());
              cors(config, settings.corsOrigins());
              web.install(config);
              config.routes.before(
                  ctx -> {
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "no-referrer");
                    ctx.header("X-Frame-Options", "DENY");
                    ctx.header("Content-Security-Policy", WebAssets.CONTENT_SECURITY_POLICY);
                    limits.check(ctx);
                  });
              HttpMetrics.install(config, registry, "api");
              config.routes.get(
                  OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi));
              for (ApiEndpoint endpoint : endpoints) {
                Handler handler = endpoint::handle;
                EndpointSpec spec = endpoint.spec();
                switch (spec.method()) {
                  case GET -> config.routes.get(spec.path(), handler);
                  case POST -> config.routes.post(spec.path(), noStore(handler));
                }
              }
              ProblemMapper.install(config, web);
            });
    app.start(settings.host(), settings.port());
    ApiServer server = new ApiServer(app, settings.host());
    LOG.info(
        "API listening on {} ({} endpoints, CORS {}, web UI {})",
        server.baseUri(),
        endpoints.size(),
        settings.corsOrigins().isEmpty() ? "off" : String.join(",", settings.corsOrigins()),
        web.present() ? "served" : "not built in");
    return server;
  }

  public int port() {
    return app.port();
  }

  public URI baseUri() {
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  @Override
  public void close() {
    app.stop();
    LOG.info("API on {} stopped", baseUri());
  }

  private static Handler noStore(Handler handler) {
    return ctx -> {
      ctx.header("Cache-Control", "no-store");
      handler.handle(ctx);
    };
  }

  private static void cors(JavalinConfig config, List<String> origins) {
    if (origins.isEmpty()) {
      return;
    }
    config.bundledPlugins.enableCors(
        cors ->
            cors.addRule(
                rule -> {
                  String first = origins.get(0);
                  rule.allowHost(first, origins.subList(1, origins.size()).toArray(String[]::new));
                  rule.maxAge = 600;
                }));
  }

  private static byte[] openApi(List<EndpointSpec> specs) {
    List<EndpointSpec> documented = new ArrayList<>(specs);
    Map<String, Object> document = OpenApiDocument.of("Polyculture API", "1", documented);
    try {
      return ApiJson.responses().writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the OpenAPI document always serialises", e);
    }
  }

  private static void checkUnique(List<ApiEndpoint> endpoints) {
    Set<String> seen = new HashSet<>();
    for (ApiEndpoint endpoint : endpoints) {
      EndpointSpec spec = endpoint.spec();
      if (!seen.add(spec.method() + " " + spec.path()) || !seen.add(spec.operationId())) {
        throw new IllegalArgumentException("two endpoints at " + spec.method() + " " + spec.path());
      }
    }
  }

  /**
   * Responses through the API's JSON settings (absent optionals left out, big integers as text).
   */
  private static final class ResponseMapper implements JsonMapper {
    @Override
    public String toJsonString(Object object, Type type) {
      try {
        return ApiJson.responses().writeValueAsString(object);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a response does not serialise: " + type, e);
      }
    }
  }
}
