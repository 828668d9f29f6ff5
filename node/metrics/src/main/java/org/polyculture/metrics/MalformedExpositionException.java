package org.polyculture.metrics;

/** A scrape that is not valid Prometheus text: says which line and why. */
public final class MalformedExpositionException extends IllegalArgumentException {

  public MalformedExpositionException(String message) {
    super(message);
  }
}
