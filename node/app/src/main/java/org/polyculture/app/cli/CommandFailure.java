package org.polyculture.app.cli;

/**
 * A command could not do what it was asked, for a reason its user can act on. Carries the exit code
 * and a one-line message; {@link ErrorHandlers} prints the message, never a stack trace.
 */
public final class CommandFailure extends RuntimeException {

  private final ExitCode exitCode;

  public CommandFailure(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CommandFailure(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
