package org.polyculture.transfer.client;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Peer base URLs as registered on chain, and the request URIs made from them. */
public final class PeerUris {

  /** The longest endpoint the staking contract accepts. */
  public static final int MAX_LENGTH = 256;

  private PeerUris() {}

  /**
   * Parses a peer's registered endpoint: {@code http} or {@code https} with a host, no query,
   * fragment or user info, at most {@value #MAX_LENGTH} characters; empty if it is anything else.
   */
  public static Optional<URI> parse(String endpoint) {
    if (endpoint == null || endpoint.isEmpty() || endpoint.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean valid =
          (scheme.equals("http") || scheme.equals("https"))
              && uri.getHost() != null
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      return valid ? Optional.of(uri) : Optional.empty();
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** {@code base} with {@code path} appended (keeping a path prefix the base may have). */
  static URI resolve(URI base, String path) {
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + path);
  }
}
