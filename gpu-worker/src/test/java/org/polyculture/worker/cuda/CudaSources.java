package org.polyculture.worker.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The CUDA sources and committed PTX of this module, as the tests read them. */
final class CudaSources {

  static final Path SOURCES = Path.of("src/main/cuda");
  static final Path COMMITTED_PTX = Path.of("src/main/ptx");
  static final Path HOST_CHECK = Path.of("src/test/cuda/host_check.cu");

  private CudaSources() {}

  /** The {@code .cu} and {@code .cuh} files, sorted by name (byte order, as build-ptx sorts). */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files
          .filter(p -> p.toString().endsWith(".cu") || p.toString().endsWith(".cuh"))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> kernelFiles() {
    return files().stream().filter(p -> p.toString().endsWith(".cu")).toList();
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nvcc flags build-ptx compiles with, read from the script. */
  static String flags() {
    return read(SOURCES.resolve("build-ptx"))
        .lines()
        .filter(line -> line.startsWith("FLAGS=\""))
        .map(line -> line.substring("FLAGS=\"".length(), line.length() - 1))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("build-ptx defines no FLAGS"));
  }

  /**
   * The sources hash of build-ptx: SHA-256 over {@code "polyculture-ptx-sources/1\nflags FLAGS\n"}
   * and, for each file in name order, {@code "file NAME SIZE\n"} followed by its bytes.
   */
  static String sourcesSha256() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(
          ("polyculture-ptx-sources/1\nflags " + flags() + "\n").getBytes(StandardCharsets.UTF_8));
      for (Path file : files()) {
        byte[] bytes = Files.readAllBytes(file);
        sha256.update(
            ("file " + file.getFileName() + " " + bytes.length + "\n")
                .getBytes(StandardCharsets.UTF_8));
        sha256.update(bytes);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
