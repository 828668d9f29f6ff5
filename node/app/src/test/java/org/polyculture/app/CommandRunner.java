package org.polyculture.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Runs {@code polyculture} commands in this JVM with captured streams and a test environment. */
public final class CommandRunner {

  private final Environment environment;

  public CommandRunner(Environment environment) {
    this.environment = environment;
  }

  /** Two cores, no home, no corpus unless given. */
  public static CommandRunner withHome(Optional<Path> home, Map<String, String> variables) {
    return new CommandRunner(new Environment(home, variables, System::nanoTime, 2));
  }

  public static CommandRunner plain() {
    return withHome(Optional.empty(), Map.of());
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      code = Polyculture.commandLine(outWriter, errWriter, environment).execute(args);
    }
    return new Result(code, out.toString(), err.toString());
  }

  /** What a command printed and returned. */
  public record Result(int exitCode, String out, String err) {

    /** No line of the error output looks like a Java stack frame. */
    public boolean hasNoStackTrace() {
      return err.lines()
          .noneMatch(line -> line.strip().startsWith("at ") || line.contains("Exception in"));
    }
  }

  /** Writes {@code text} to {@code directory/name}. */
  public static Path write(Path directory, String name, byte[] text) {
    try {
      Files.createDirectories(directory);
      return Files.write(directory.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
