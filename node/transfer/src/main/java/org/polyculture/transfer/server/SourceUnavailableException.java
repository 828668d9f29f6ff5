package org.polyculture.transfer.server;

/**
 * A source has the thing asked for but cannot serve it now (busy recomputing, out of memory for
 * another state). The server answers 503 so that the client tries again later.
 */
public final class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message) {
    super(message);
  }
}
