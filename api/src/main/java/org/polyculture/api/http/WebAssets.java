package org.polyculture.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The web UI's entry page, served from the classpath folder {@code web/} for any GET that matches
 * no API route and no static file (the UI routes its own pages), so deep links work. API paths
 * ({@code /v1/...}, {@code /openapi.json}) are never answered with the page.
 */
public final class WebAssets implements ProblemMapper.Fallback {

  public static final String CLASSPATH_FOLDER = "/web";

  private final Optional<byte[]> indexPage;

  private WebAssets(Optional<byte[]> indexPage) {
    this.indexPage = indexPage;
  }

  /** The UI on this classpath, if it was built into it. */
  public static WebAssets fromClasspath() {
    try (InputStream index =
        WebAssets.class.getResourceAsStream(CLASSPATH_FOLDER + "/index.html")) {
      return new WebAssets(index == null ? Optional.empty() : Optional.of(index.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web UI's index.html", e);
    }
  }

  public boolean present() {
    return indexPage.isPresent();
  }

  @Override
  public boolean serve(Context ctx) {
    String path = ctx.path();
    if (indexPage.isEmpty()
        || !ctx.method().name().equals("GET")
        || path.startsWith("/v1/")
        || path.equals("/v1")
        || path.equals("/openapi.json")) {
      return false;
    }
    ctx.status(200).contentType("text/html; charset=utf-8").result(indexPage.get());
    return true;
  }
}
