package org.polyculture.worker.cuda;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The values of {@code --backend}: which backend runs the canonical ops. */
public enum BackendKind {
  /** The NVIDIA GPU through the CUDA driver. */
  CUDA("cuda"),
  /** The Vector API backend on the CPU, multi-threaded. */
  CPU("cpu"),
  /** The single-threaded reference. */
  SCALAR("scalar"),
  /** CUDA when a device is usable, otherwise {@link #CPU}, saying why in the log. */
  AUTO("auto");

  private final String cliName;

  BackendKind(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  public static Optional<BackendKind> byName(String name) {
    return Arrays.stream(values()).filter(kind -> kind.cliName.equals(name)).findFirst();
  }

  /** {@code cuda|cpu|scalar|auto}, for help texts. */
  public static String choices() {
    return Arrays.stream(values()).map(BackendKind::cliName).collect(Collectors.joining("|"));
  }
}
