package org.polyculture.app.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.training.TrainingData;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.storage.dataset.DatasetException;
import org.polyculture.storage.dataset.DatasetPacker;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.storage.dataset.PackOptions;
import org.polyculture.storage.dataset.PackReport;

/**
 * Packs and loads datasets with node/storage's packer and reader, turning their typed failures into
 * exit codes: a damaged dataset is {@link ExitCode#INVALID_DATASET}, a missing one {@link
 * ExitCode#NOT_FOUND}, bad pack arguments {@link ExitCode#USAGE}.
 */
public final class DatasetFiles {

  /** The default holdout must fit a window of the largest named context. */
  private static final int LARGEST_CONTEXT =
      Stream.of(NamedConfig.values()).mapToInt(named -> named.config().context()).max().orElse(1);

  private DatasetFiles() {}

  /** Packs the files (directories: their regular files, walked in path order) into {@code out}. */
  public static PackedDataset pack(List<Path> inputs, Path out, Optional<Long> heldOut) {
    List<Path> files = expand(inputs);
    PackOptions options = PackOptions.defaults(LARGEST_CONTEXT);
    if (heldOut.isPresent()) {
      if (heldOut.get() < 0) {
        throw new CommandFailure(ExitCode.USAGE, "--held-out must not be negative");
      }
      options = options.withValidationBytes(heldOut.get());
    }
    try {
      PackReport report = new DatasetPacker(options).pack(files, out);
      return new PackedDataset(
          out.toString(),
          files.stream().map(Path::toString).toList(),
          report.manifest().totalSize(),
          report.manifest().shards().size(),
          report.manifest().validationBytes(),
          report.manifest().root().toHexString(),
          report.manifest().manifestHash().toHexString());
    } catch (DatasetException e) {
      ExitCode code =
          e.reason() == DatasetException.Reason.IO_FAILURE ? ExitCode.IO_ERROR : ExitCode.USAGE;
      throw new CommandFailure(code, "cannot pack the dataset: " + e.getMessage(), e);
    }
  }

  /** Reads a dataset and checks every shard against the manifest. */
  public static TrainingData load(Path directory) {
    try {
      LoadedDataset dataset = DatasetReader.withDefaultLimits().read(directory);
      return new TrainingData(
          directory,
          dataset.manifest().root(),
          TokenStream.of(dataset.tokens(), (int) dataset.manifest().trainingBytes()),
          dataset.manifest().shards().size());
    } catch (DatasetException e) {
      ExitCode code =
          switch (e.reason()) {
            case MISSING_MANIFEST -> ExitCode.NOT_FOUND;
            case IO_FAILURE -> ExitCode.IO_ERROR;
            default -> ExitCode.INVALID_DATASET;
          };
      throw new CommandFailure(code, "dataset " + directory + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> expand(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new CommandFailure(
              ExitCode.IO_ERROR, "cannot list " + input + ": " + e.getMessage(), e);
        }
      } else if (Files.exists(input)) {
        files.add(input);
      } else {
        throw new CommandFailure(ExitCode.NOT_FOUND, input + " does not exist");
      }
    }
    return files;
  }
}
