package org.polyculture.app.commands;

import java.util.Optional;
import org.polyculture.app.cli.BackendChoice;
import picocli.CommandLine.Option;

/** {@code --backend} and {@code --threads}, shared by every command that computes steps. */
public final class ComputeOptions {

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      defaultValue = "cpu",
      converter = BackendChoice.Converter.class,
      completionCandidates = BackendChoice.Names.class,
      description =
          "Backend that runs the ops: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  BackendChoice backend;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads for the cpu backend and state hashing (default: all cores).")
  Optional<Integer> threads;

  public BackendChoice backend() {
    return backend;
  }

  /** The thread count, defaulting to {@code processors}. */
  public int threads(int processors) {
    return threads.orElse(processors);
  }
}
