package org.polyculture.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The web UI, built by Vite into the classpath folder {@code web/}: hashed assets under {@code
 * /assets/} cached for a year (their names change with their content), everything else revalidated
 * on each visit, and the entry page for any GET that matches no API route and no file (the UI
 * routes its own pages), so deep links work. API paths ({@code /v1/...}, {@code /openapi.json}) and
 * missing assets are never answered with the page. Every answer carries a content security policy
 * that allows only this origin: the UI loads nothing from elsewhere.
 */
public final class WebAssets implements ProblemMapper.Fallback {

  public static final String CLASSPATH_FOLDER = "/web";
  public static final String ASSETS_PATH = "/assets";

  /** Scripts, styles, images and requests from this origin only; no frames, no plugins. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String REVALIDATE = "no-cache";

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

  /** Serves the built files, when there are any: hashed assets first, then the rest. */
  public void install(JavalinConfig config) {
    if (indexPage.isEmpty()) {
      return;
    }
    config.staticFiles.add(
        files -> {
          files.hostedPath = ASSETS_PATH;
          files.directory = CLASSPATH_FOLDER + ASSETS_PATH;
          files.location = Location.CLASSPATH;
          files.headers = Map.of("Cache-Control", IMMUTABLE);
        });
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = CLASSPATH_FOLDER;
          files.location = Location.CLASSPATH;
          files.headers = Map.of("Cache-Control", REVALIDATE);
          files.skipFileFunction = request -> isAsset(request.getRequestURI());
        });
  }

  @Override
  public boolean serve(Context ctx) {
    String path = ctx.path();
    if (indexPage.isEmpty()
        || !ctx.method().name().equals("GET")
        || path.startsWith("/v1/")
        || path.equals("/v1")
        || path.equals("/openapi.json")
        || isAsset(path)) {
      return false;
    }
    ctx.status(200)
        .header("Cache-Control", REVALIDATE)
        .contentType("text/html; charset=utf-8")
        .result(indexPage.get());
    return true;
  }

  private static boolean isAsset(String path) {
    return path.startsWith(ASSETS_PATH + "/");
  }
}
