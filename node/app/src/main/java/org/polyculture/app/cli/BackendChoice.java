package org.polyculture.app.cli;

import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --backend} values: which implementation of the canonical ops runs a step. */
public enum BackendChoice {
  /** The scalar reference: one thread, reads like the spec. */
  SCALAR("scalar"),
  /** The Vector API backend, multi-threaded; identical bits. */
  CPU("cpu"),
  /** The NVIDIA GPU through the CUDA driver (docs/gpu.md); identical bits. */
  CUDA("cuda"),
  /** CUDA when a device is usable, otherwise {@link #CPU}, saying why in the log. */
  AUTO("auto");

  private final String cliName;

  BackendChoice(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** Parses {@code scalar}, {@code cpu}, {@code cuda} or {@code auto}. */
  public static final class Converter implements ITypeConverter<BackendChoice> {
    @Override
    public BackendChoice convert(String value) {
      return Arrays.stream(values())
          .filter(choice -> choice.cliName.equals(value))
          .findFirst()
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown backend '" + value + "' (scalar, cpu, cuda, auto)"));
    }
  }

  /** The names {@code --help} lists. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(BackendChoice::cliName).iterator();
    }
  }
}
