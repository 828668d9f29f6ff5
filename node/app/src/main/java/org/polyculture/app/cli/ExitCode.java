package org.polyculture.app.cli;

/**
 * The process exit codes of the {@code polyculture} command (docs/training.md lists them). 4 and 5
 * are taken by the launcher scripts (build failed, corpus download failed).
 */
public enum ExitCode {
  /** Done, and for {@code replay}: the recomputed hash matches. */
  OK(0),
  /** A bug or an unexpected failure; the message says what. */
  INTERNAL_ERROR(1),
  /** Bad flags or arguments. */
  USAGE(2),
  /** {@code replay}: the recomputed step does not match the recorded state hash. */
  REPLAY_MISMATCH(3),
  /** A stored checkpoint or run record is damaged (bad bytes, wrong hash). */
  CORRUPT_CHECKPOINT(10),
  /** A dataset is invalid: a bad manifest, or a shard that does not match its hash. */
  INVALID_DATASET(11),
  /** A state or run was made under a numerics spec version this build does not implement. */
  UNSUPPORTED_SPEC_VERSION(12),
  /** The run or dataset directory named is missing or holds no run. */
  NOT_FOUND(13),
  /** Reading or writing files failed (disk full, permissions). */
  IO_ERROR(14),
  /** {@code devnet --scenario}: the scenario ended without what it expects (see its summary). */
  SCENARIO_FAILED(15),
  /** {@code --backend cuda}: no CUDA device can be used here (the message says why). */
  BACKEND_UNAVAILABLE(16),
  /** {@code status}: the node answers that it is unhealthy, or does not answer. */
  UNHEALTHY(17);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
