package org.polyculture.app.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * The one place where failures become messages and exit codes: a {@link CommandFailure} prints its
 * message, bad flags print the problem and a pointer to {@code --help}, storage and file failures
 * get their exit codes, anything else is reported as an internal error in one line. No stack traces
 * reach the user.
 */
public final class ErrorHandlers {

  private ErrorHandlers() {}

  public static void install(CommandLine commandLine) {
    commandLine.setExecutionExceptionHandler(executionHandler());
    commandLine.setParameterExceptionHandler(parameterHandler());
  }

  private static IExecutionExceptionHandler executionHandler() {
    return (exception, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (exception instanceof CommandFailure failure) {
        err.println("polyculture: " + failure.getMessage());
        err.flush();
        return failure.exitCode().code();
      }
      if (exception instanceof StorageCorruptException corrupt) {
        err.println("polyculture: damaged checkpoint store: " + corrupt.getMessage());
        err.flush();
        return ExitCode.CORRUPT_CHECKPOINT.code();
      }
      if (exception instanceof StorageException storage) {
        err.println("polyculture: storage failed: " + storage.getMessage());
        err.flush();
        return ExitCode.IO_ERROR.code();
      }
      if (exception instanceof UncheckedIOException io) {
        err.println("polyculture: file I/O failed: " + io.getMessage());
        err.flush();
        return ExitCode.IO_ERROR.code();
      }
      err.println(
          "polyculture: internal error: "
              + exception.getClass().getSimpleName()
              + ": "
              + exception.getMessage());
      err.flush();
      return ExitCode.INTERNAL_ERROR.code();
    };
  }

  private static IParameterExceptionHandler parameterHandler() {
    return (ParameterException exception, String[] args) -> {
      CommandLine commandLine = exception.getCommandLine();
      PrintWriter err = commandLine.getErr();
      err.println("polyculture: " + exception.getMessage());
      err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCode.USAGE.code();
    };
  }
}
