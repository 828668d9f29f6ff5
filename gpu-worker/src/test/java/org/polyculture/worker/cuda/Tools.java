package org.polyculture.worker.cuda;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds and runs the native tools some tests use when the machine has them. */
final class Tools {

  private Tools() {}

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, tool))) {
        return true;
      }
    }
    return false;
  }

  /** What build-ptx records of {@code nvcc --version}, e.g. {@code release 13.0, V13.0.88}. */
  static String nvccRelease() {
    String version = run("nvcc", "--version");
    return version
        .lines()
        .filter(line -> line.startsWith("Cuda compilation tools, "))
        .map(line -> line.substring("Cuda compilation tools, ".length()))
        .findFirst()
        .orElse("unknown");
  }

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
