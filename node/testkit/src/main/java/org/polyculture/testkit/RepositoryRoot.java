package org.polyculture.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository root (the folder holding {@code contracts/package.json}): from the system
 * property {@code polyculture.root}, the environment variable {@code POLYCULTURE_ROOT}, or by
 * walking up from the working directory, which is how tests find it when Maven runs them in a
 * module folder.
 */
public final class RepositoryRoot {

  private static final String MARKER = "contracts/package.json";

  private RepositoryRoot() {}

  public static Path find() {
    return Optional.ofNullable(System.getProperty("polyculture.root"))
        .or(() -> Optional.ofNullable(System.getenv("POLYCULTURE_ROOT")))
        .map(Path::of)
        .filter(RepositoryRoot::isRoot)
        .or(() -> walkUp(Path.of("").toAbsolutePath()))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot find the repository root (a folder with "
                        + MARKER
                        + ") above "
                        + Path.of("").toAbsolutePath()
                        + "; set -Dpolyculture.root or POLYCULTURE_ROOT"));
  }

  private static Optional<Path> walkUp(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER));
  }
}
