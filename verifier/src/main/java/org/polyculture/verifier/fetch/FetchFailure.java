package org.polyculture.verifier.fetch;

/** Why data could not be had from a peer. */
public enum FetchFailure {
  /** No connection could be made, or it broke. */
  UNREACHABLE,
  /** The peer did not answer in time. */
  TIMED_OUT,
  /** The peer answered that it does not have the data. */
  NOT_SERVED,
  /** The peer sent data that fails verification (wrong hash, malformed, inconsistent). */
  INVALID_DATA,
  /** The peer sent more than the limit allows. */
  TOO_LARGE
}
