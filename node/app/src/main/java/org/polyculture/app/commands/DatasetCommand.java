package org.polyculture.app.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code polyculture dataset}: groups the dataset subcommands. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Builds and inspects datasets: byte shards with a manifest and a Merkle root.")
public final class DatasetCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
