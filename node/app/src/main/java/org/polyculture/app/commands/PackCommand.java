package org.polyculture.app.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polyculture dataset pack}: builds a dataset from a community's text files. */
@Command(
    name = "pack",
    mixinStandardHelpOptions = true,
    description = {
      "Packs FILES (or the files under directories, in name order) into a dataset directory:"
          + " byte shards, a manifest with their SHA-256s and the dataset's Merkle root. Prints"
          + " the manifest summary as JSON."
    })
public final class PackCommand implements Callable<Integer> {

  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILES", arity = "1..*", description = "Text files or directories.")
  List<Path> files;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Dataset directory.")
  Path out;

  @Option(
      names = "--held-out",
      paramLabel = "BYTES",
      description = "Trailing bytes held out for validation (default: 5%%).")
  Optional<Long> heldOut;

  public PackCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    wiring.printJson(spec.commandLine().getOut(), wiring.pack(files, out, heldOut));
    return 0;
  }
}
