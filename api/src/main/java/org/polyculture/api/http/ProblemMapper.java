package org.polyculture.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every error is an RFC 9457 problem ({@code
 * application/problem+json}). Refusals the API decides ({@link ApiException}) keep their status; a
 * call the chain refuses is 409; a chain node or store that does not answer is 503; anything else
 * is a 500 whose details go to the log, not to the client.
 */
public final class ProblemMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  private ProblemMapper() {}

  public static void install(JavalinConfig config, Fallback fallback) {
    config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
    // Javalin answers a path no route matches by throwing a 404 response: a page of the UI.
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() != 404 || !fallback.serve(ctx)) {
            write(ctx, fromJavalin(e));
          }
        });
    config.routes.exception(
        ContractRevertedException.class,
        (e, ctx) ->
            write(
                ctx,
                ApiException.refused(
                    409, "CHAIN_REFUSED", "the chain refused the call: " + e.getMessage())));
    config.routes.exception(
        JsonProcessingException.class,
        (e, ctx) -> write(ctx, ApiException.malformedJson(e.getOriginalMessage())));
    config.routes.exception(
        UncheckedIOException.class,
        (e, ctx) -> {
          LOG.warn(
              "{} {}: the chain node did not answer: {}", ctx.method(), ctx.path(), e.getMessage());
          write(ctx, ApiException.unavailable("the chain node did not answer; try again"));
        });
    config.routes.exception(
        StorageException.class,
        (e, ctx) -> {
          LOG.warn("{} {}: the index store failed", ctx.method(), ctx.path(), e);
          write(ctx, ApiException.unavailable("the index store is not available"));
        });
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
          write(
              ctx,
              new Problem(
                  Problem.TYPE_BASE + "internal",
                  "Internal error",
                  500,
                  "the server failed to answer; the failure is logged",
                  ctx.path(),
                  Optional.empty(),
                  List.of()));
        });
    config.routes.error(
        404,
        ctx -> {
          if (!isProblem(ctx) && !fallback.serve(ctx)) {
            write(ctx, ApiException.notFound("no resource at " + ctx.path()));
          }
        });
    config.routes.error(
        405,
        ctx -> {
          if (!isProblem(ctx)) {
            write(
                ctx,
                ApiException.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path()));
          }
        });
  }

  public static void write(Context ctx, ApiException e) {
    if (e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    write(ctx, e.problem(ctx.path()));
  }

  public static void write(Context ctx, Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(Problem.CONTENT_TYPE);
    try {
      ctx.result(ApiJson.responses().writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always serialises", e);
    }
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 413 -> ApiException.payloadTooLarge(-1);
      case 404 -> ApiException.notFound(e.getMessage());
      case 405 -> ApiException.methodNotAllowed(e.getMessage());
      default -> ApiException.invalid("request", e.getMessage());
    };
  }

  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith(Problem.CONTENT_TYPE);
  }

  /** What answers a GET that matched no route before it becomes a 404 (the web UI's pages). */
  @FunctionalInterface
  public interface Fallback {
    /** Serves the request and returns true, or returns false to let it be a 404. */
    boolean serve(Context ctx);
  }
}
