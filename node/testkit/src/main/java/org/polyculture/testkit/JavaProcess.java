package org.polyculture.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A node's {@code main} in a JVM of its own, on the test's class path, for fault tests that kill it
 * with SIGKILL ({@link #kill}) and start it again on the same data directory. Its output is
 * collected line by line (for waiting on a line it prints, and for failure messages).
 */
public final class JavaProcess implements AutoCloseable {

  private static final List<String> JVM_OPTIONS =
      List.of(
          "--add-modules",
          "jdk.incubator.vector",
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--enable-native-access=ALL-UNNAMED");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private JavaProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code main} with {@code arguments}, its stdout and stderr merged and collected. */
  public static JavaProcess start(Class<?> main, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(JVM_OPTIONS);
    command.add(main.getName());
    command.addAll(arguments);
    Process started;
    try {
      started = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main.getName(), e);
    }
    JavaProcess process = new JavaProcess(started);
    Thread.ofPlatform()
        .daemon()
        .name(main.getSimpleName() + "-output")
        .start(process::collectOutput);
    return process;
  }

  /** Every line printed so far. */
  public List<String> output() {
    return List.copyOf(output);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws, with everything it printed, if the process has exited. */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(
          "the process exited with " + process.exitValue() + ":\n" + String.join("\n", output));
    }
  }

  /**
   * Waits until a line starting with {@code prefix} has been printed; returns the rest of it,
   * stripped.
   */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (String line : output) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
      }
      assertAlive();
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no line starting with '" + prefix + "' within " + timeout + ":\n" + output());
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Returns once it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the process survived SIGKILL for 30 s");
    }
  }

  /** Kills the process if it still runs (for {@code finally} blocks). */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void collectOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(output closed: " + e.getMessage() + ")");
    }
  }
}
