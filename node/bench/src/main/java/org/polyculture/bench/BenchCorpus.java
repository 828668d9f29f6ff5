package org.polyculture.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.engine.data.TokenStream;

/**
 * The demo corpus as a token stream for benchmarks: the files of {@code -Dpolyculture.corpus} (a
 * {@code text} directory, set by scripts/bench.d/20-training) in name order, 5% held out.
 */
final class BenchCorpus {

  private BenchCorpus() {}

  static TokenStream load() {
    String location = System.getProperty("polyculture.corpus");
    if (location == null) {
      throw new IllegalStateException("set -Dpolyculture.corpus=DIR (the corpus text directory)");
    }
    Bytes all = Bytes.EMPTY;
    try (Stream<Path> files = Files.list(Path.of(location))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        all = Bytes.concatenate(all, Bytes.wrap(Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return TokenStream.of(all, all.size() - all.size() / 20);
  }
}
