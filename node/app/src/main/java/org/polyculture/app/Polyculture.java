package org.polyculture.app;

import java.io.PrintWriter;
import org.polyculture.app.cli.ErrorHandlers;
import org.polyculture.app.cli.LogFormat;
import org.polyculture.app.commands.ApiCommand;
import org.polyculture.app.commands.DatasetCommand;
import org.polyculture.app.commands.DemoCommand;
import org.polyculture.app.commands.DeployCommand;
import org.polyculture.app.commands.DevnetCommand;
import org.polyculture.app.commands.EconCommand;
import org.polyculture.app.commands.PackCommand;
import org.polyculture.app.commands.ReplayCommand;
import org.polyculture.app.commands.SampleCommand;
import org.polyculture.app.commands.StatusCommand;
import org.polyculture.app.commands.TrainCommand;
import org.polyculture.app.commands.VerifierCommand;
import org.polyculture.app.commands.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code polyculture} command: every role of the commons is one of its subcommands. */
@Command(
    name = "polyculture",
    mixinStandardHelpOptions = true,
    version = "polyculture 0.1.0 (numerics spec v1)",
    description = "A compute commons for community-trained AI models, verified bit for bit.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Polyculture implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      description =
          "Logs on standard error as 'text' lines (default) or 'json' objects, one per line"
              + " (also: POLYCULTURE_LOG_FORMAT=json).")
  void logFormat(LogFormat format) {
    format.apply();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with the given streams, so tests can drive it without a process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, Environment.system());
  }

  /** Builds the command line with the given streams and environment. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, Environment environment) {
    Wiring wiring = new Wiring(environment);
    CommandLine commandLine = new CommandLine(new Polyculture());
    commandLine.addSubcommand(
        new CommandLine(new DatasetCommand()).addSubcommand(new PackCommand(wiring)));
    commandLine.addSubcommand(new TrainCommand(wiring));
    commandLine.addSubcommand(new ReplayCommand(wiring));
    commandLine.addSubcommand(new SampleCommand(wiring));
    commandLine.addSubcommand(new DemoCommand(wiring));
    commandLine.addSubcommand(new EconCommand());
    commandLine.addSubcommand(new DeployCommand(new DeployWiring(wiring)));
    commandLine.addSubcommand(new DevnetCommand(new DevnetWiring(wiring)));
    commandLine.addSubcommand(new WorkerCommand(new WorkerWiring(wiring)));
    commandLine.addSubcommand(new VerifierCommand(new VerifierWiring(wiring)));
    commandLine.addSubcommand(new ApiCommand(new ApiWiring(wiring)));
    commandLine.addSubcommand(new StatusCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(out);
    commandLine.setErr(err);
    ErrorHandlers.install(commandLine);
    return commandLine;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(commandLine(out, err).execute(args));
  }
}
