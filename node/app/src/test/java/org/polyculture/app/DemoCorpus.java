package org.polyculture.app;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the demo corpus for tests: {@code $POLYCULTURE_CORPUS/text}, else {@code
 * .polyculture/corpus/text} in the checkout. A missing corpus fails the test: it is part of what
 * the project tests, not an optional extra.
 */
final class DemoCorpus {

  private DemoCorpus() {}

  static Path textDirectory() {
    Optional<Path> configured =
        Optional.ofNullable(System.getenv("POLYCULTURE_CORPUS")).map(p -> Path.of(p, "text"));
    if (configured.isPresent()) {
      return requirePresent(configured.get());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path text = dir.resolve(".polyculture").resolve("corpus").resolve("text");
      if (Files.isDirectory(text)) {
        return text;
      }
      if (Files.exists(dir.resolve("scripts").resolve("fetch-corpus"))) {
        return requirePresent(text);
      }
    }
    return fail("the demo corpus is missing: run scripts/fetch-corpus (scripts/test does)");
  }

  private static Path requirePresent(Path text) {
    if (!Files.isDirectory(text)) {
      return fail(
          "the demo corpus is missing at "
              + text
              + ": run scripts/fetch-corpus (scripts/test does)");
    }
    return text;
  }
}
