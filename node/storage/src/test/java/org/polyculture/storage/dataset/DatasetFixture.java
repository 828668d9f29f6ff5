package org.polyculture.storage.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Input files with seeded pseudo-random text and a scratch directory that {@link #close()} deletes.
 * Defaults: three files of 3000, 1 and 4500 bytes, seed 1.
 */
final class DatasetFixture implements AutoCloseable {

  final Path root;
  private long seed = 1;
  private List<Integer> sizes = List.of(3000, 1, 4500);

  DatasetFixture() {
    try {
      root = Files.createTempDirectory("polyculture-dataset-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DatasetFixture seed(long value) {
    seed = value;
    return this;
  }

  DatasetFixture sizes(List<Integer> values) {
    sizes = List.copyOf(values);
    return this;
  }

  /** Writes the input files and returns them in order. */
  List<Path> inputs() {
    Random random = new Random(seed);
    List<Path> files = new ArrayList<>();
    try {
      Path directory = Files.createDirectories(root.resolve("inputs"));
      for (int i = 0; i < sizes.size(); i++) {
        byte[] text = new byte[sizes.get(i)];
        for (int b = 0; b < text.length; b++) {
          text[b] = (byte) (' ' + random.nextInt(95));
        }
        Path file = directory.resolve("part-" + i + ".txt");
        Files.write(file, text);
        files.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The inputs' bytes concatenated. */
  static byte[] concatenation(List<Path> inputs) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Path input : inputs) {
      out.write(Files.readAllBytes(input));
    }
    return out.toByteArray();
  }

  /**
   * Runs a check that does file I/O from a QuickTheories lambda, which may not throw {@link
   * IOException}.
   */
  static void uncheckedIo(IoCheck check) {
    try {
      check.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test step that reads or writes files. */
  @FunctionalInterface
  interface IoCheck {
    void run() throws IOException;
  }

  Path output() {
    return root.resolve("dataset");
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
