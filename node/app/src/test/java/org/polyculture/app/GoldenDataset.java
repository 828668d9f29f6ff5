package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.polyculture.engine.train.GoldenText;

/** Packs the engine's golden text into a dataset directory with the command, as a user would. */
public final class GoldenDataset {

  private GoldenDataset() {}

  /** The golden text as one file, packed into {@code base/dataset} with 1,024 bytes held out. */
  public static Path pack(CommandRunner polyculture, Path base) {
    Path file =
        CommandRunner.write(base.resolve("text"), "golden.txt", GoldenText.bytes().toArray());
    Path dataset = base.resolve("dataset");
    CommandRunner.Result result =
        polyculture.run(
            "dataset",
            "pack",
            file.toString(),
            "--out",
            dataset.toString(),
            "--held-out",
            String.valueOf(GoldenText.HELD_OUT));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return dataset;
  }
}
