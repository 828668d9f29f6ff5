package org.polyculture.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code polyculture} command: every role of the commons is one of its subcommands. */
@Command(
    name = "polyculture",
    mixinStandardHelpOptions = true,
    version = "polyculture 0.1.0 (numerics spec v1)",
    description = "A compute commons for community-trained AI models, verified bit for bit.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Polyculture implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with the given streams, so tests can drive it without a process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Polyculture());
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(commandLine(out, err).execute(args));
  }
}
