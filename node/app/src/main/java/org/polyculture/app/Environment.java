package org.polyculture.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a command may know about the process it runs in, passed in so that tests can drive commands
 * with their own: the Polyculture home (the checkout the launcher runs from), environment
 * variables, a monotonic clock and the number of cores.
 *
 * @param home {@code -Dpolyculture.home}, set by {@code scripts/polyculture}
 * @param variables the environment variables
 * @param nanoTime a monotonic clock in nanoseconds, for rates only
 * @param processors cores available to this process
 */
public record Environment(
    Optional<Path> home, Map<String, String> variables, LongSupplier nanoTime, int processors) {

  public Environment {
    variables = Map.copyOf(variables);
  }

  /** The environment of this JVM. */
  public static Environment system() {
    return new Environment(
        Optional.ofNullable(System.getProperty("polyculture.home")).map(Path::of),
        System.getenv(),
        System::nanoTime,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Where the demo corpus lives: {@code $POLYCULTURE_CORPUS} or {@code HOME/.polyculture/corpus}.
   */
  public Optional<Path> corpusDirectory() {
    Optional<Path> configured =
        Optional.ofNullable(variables.get("POLYCULTURE_CORPUS")).map(Path::of);
    return configured.or(() -> home.map(h -> h.resolve(".polyculture").resolve("corpus")));
  }
}
