package org.polyculture.app.training;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a training run under its {@code --out} directory: the LMDB checkpoint store, the
 * per-step JSON lines and the final summary.
 */
public record RunDirectory(Path root) {

  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /** One JSON object per step: {@code {"step":t,"loss":…,"stateHash":"0x…"}}. */
  public Path stepLog() {
    return root.resolve("steps.jsonl");
  }

  public Path summary() {
    return root.resolve("summary.json");
  }

  /** True if a run was started here. */
  public boolean holdsRun() {
    return Files.isDirectory(checkpoints());
  }
}
