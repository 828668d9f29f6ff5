package org.polyculture.worker.cuda.check;

/** A time allowance for one part of the check, measured from its creation. */
final class Budget {

  private final long start = System.nanoTime();
  private final long nanos;

  Budget(double seconds) {
    this.nanos = (long) (seconds * 1e9);
  }

  double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  double remainingSeconds() {
    return (nanos - (System.nanoTime() - start)) / 1e9;
  }

  /** Whether {@code seconds} more fit into what is left. */
  boolean allows(double seconds) {
    return remainingSeconds() >= seconds;
  }
}
