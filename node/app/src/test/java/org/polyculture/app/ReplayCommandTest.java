package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.storage.checkpoint.CheckpointLoad;
import org.polyculture.storage.checkpoint.CheckpointStore;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;

class ReplayCommandTest {

  private static final Column STATES = new Column("checkpoint-states");

  private final CommandRunner polyculture = CommandRunner.plain();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir static Path shared;
  private static Path trainedRun;

  @TempDir Path directory;
  private Path run;

  @BeforeAll
  static void trainFourStepsOnTheCpuBackend() {
    Path dataset = GoldenDataset.pack(CommandRunner.plain(), shared);
    trainedRun = shared.resolve("run");
    CommandRunner.Result trained =
        CommandRunner.plain()
            .run(
                "train",
                "--dataset",
                dataset.toString(),
                "--steps",
                "4",
                "--backend",
                "cpu",
                "--threads",
                "2",
                "--checkpoint-every",
                "2",
                "--out",
                trainedRun.toString());
    assertThat(trained.exitCode()).as(trained.err()).isZero();
  }

  @BeforeEach
  void copyTheRun() throws IOException {
    run = directory.resolve("run");
    try (Stream<Path> files = Files.walk(trainedRun)) {
      for (Path source : files.toList()) {
        Path target = run.resolve(trainedRun.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @Test
  void shouldMatchOnTheScalarReferenceARunTrainedOnTheCpuBackend() throws IOException {
    CommandRunner.Result replayed = replay(3, "scalar");
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(json.readTree(replayed.out()).get("backend").asText()).isEqualTo("scalar");
  }

  @Test
  void shouldMatchWithBackendAutoOnWhateverDeviceThisMachineHas() throws IOException {
    CommandRunner.Result replayed = replay(3, "auto");
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    JsonNode report = json.readTree(replayed.out());
    assertThat(report.get("match").asBoolean()).isTrue();
    assertThat(report.get("backend").asText()).isIn("cpu", "cuda");
  }

  @Test
  void shouldEitherMatchOnCudaOrSayClearlyThatNoDeviceIsUsable() throws IOException {
    CommandRunner.Result replayed = replay(3, "cuda");
    if (replayed.exitCode() == ExitCode.BACKEND_UNAVAILABLE.code()) {
      assertThat(replayed.err()).contains("no usable CUDA device", "--backend cpu");
    } else {
      assertThat(replayed.exitCode()).as(replayed.err()).isZero();
      JsonNode report = json.readTree(replayed.out());
      assertThat(report.get("backend").asText()).isEqualTo("cuda");
      assertThat(report.get("match").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldMatchTheRecordedHashOfARecordedStep() throws IOException {
    CommandRunner.Result replayed = replay(3);
    assertThat(replayed.exitCode()).as(replayed.err()).isEqualTo(ExitCode.OK.code());
    JsonNode report = json.readTree(replayed.out());
    assertThat(report.get("match").asBoolean()).isTrue();
    assertThat(report.get("replayedFrom").asLong()).isEqualTo(2);
    assertThat(report.get("recomputedStateHash")).isEqualTo(report.get("recordedStateHash"));
  }

  @Test
  void shouldReplayFromGenesisThroughUncheckpointedSteps() throws IOException {
    CommandRunner.Result replayed = replay(1);
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(json.readTree(replayed.out()).get("replayedFrom").asLong()).isZero();
  }

  @Test
  void shouldReportAMismatchWhenTheRecordedHashWasTamperedWith() throws IOException {
    // The run's record for step 2 (state step 3) now claims another state's hash.
    withStore(
        store -> {
          TrainingState other = loaded(store, 4);
          store.record(
              new TrainingState(
                  other.specVersion(),
                  other.config(),
                  other.jobSeed(),
                  other.datasetRoot(),
                  3,
                  other.beta1Power(),
                  other.beta2Power(),
                  other.parameters(),
                  other.firstMoments(),
                  other.secondMoments()),
              Optional.of(1.0f),
              false);
        });
    CommandRunner.Result replayed = replay(2);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.REPLAY_MISMATCH.code());
    JsonNode report = json.readTree(replayed.out());
    assertThat(report.get("match").asBoolean()).isFalse();
    assertThat(report.get("recomputedStateHash")).isNotEqualTo(report.get("recordedStateHash"));
  }

  @Test
  void shouldReportWhereAnEarlierStepDiverged() throws IOException {
    withStore(
        store -> {
          TrainingState genesis = loaded(store, 0);
          store.record(
              new TrainingState(
                  genesis.specVersion(),
                  genesis.config(),
                  genesis.jobSeed(),
                  genesis.datasetRoot(),
                  1,
                  genesis.beta1Power(),
                  genesis.beta2Power(),
                  genesis.parameters(),
                  genesis.firstMoments(),
                  genesis.secondMoments()),
              Optional.empty(),
              false);
        });
    CommandRunner.Result replayed = replay(1);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.REPLAY_MISMATCH.code());
    assertThat(json.readTree(replayed.out()).get("divergedAtStep").asLong()).isZero();
  }

  @Test
  void shouldRejectACheckpointWhoseValuesWereFlipped() {
    overwriteState(2, bytes -> bytes[bytes.length - 5] ^= 0x04);
    CommandRunner.Result replayed = replay(2);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.CORRUPT_CHECKPOINT.code());
    assertThat(replayed.err()).contains("HASH_MISMATCH");
    assertThat(replayed.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldRejectATruncatedCheckpoint() {
    withStorage(
        storage -> {
          Bytes bytes = storage.get(STATES, Bytes.ofUnsignedLong(2)).orElseThrow();
          put(storage, 2, bytes.slice(0, bytes.size() / 2));
        });
    CommandRunner.Result replayed = replay(3);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.CORRUPT_CHECKPOINT.code());
    assertThat(replayed.err()).contains("TRUNCATED");
    assertThat(replayed.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldRejectACheckpointOfAnotherSpecVersion() {
    overwriteState(2, bytes -> bytes[12] = 2);
    CommandRunner.Result replayed = replay(2);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.UNSUPPORTED_SPEC_VERSION.code());
    assertThat(replayed.err()).contains("spec v2");
    assertThat(replayed.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldReportAStepThatWasNeverRecorded() {
    CommandRunner.Result replayed = replay(4);
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(replayed.err()).contains("no recorded state hash for step 4");
  }

  @Test
  void shouldReportADirectoryWithoutARun() {
    CommandRunner.Result replayed =
        polyculture.run("replay", "--run", directory.resolve("nothing").toString(), "--step", "0");
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  @Test
  void shouldRefuseADatasetWithAnotherRoot() {
    Path other = directory.resolve("other");
    CommandRunner.write(
        other.resolve("text"),
        "x.txt",
        "something else entirely, ".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(
            polyculture
                .run(
                    "dataset",
                    "pack",
                    other.resolve("text").toString(),
                    "--out",
                    other.resolve("ds").toString())
                .exitCode())
        .isZero();
    CommandRunner.Result replayed =
        polyculture.run(
            "replay",
            "--run",
            run.toString(),
            "--step",
            "0",
            "--backend",
            "scalar",
            "--dataset",
            other.resolve("ds").toString());
    assertThat(replayed.exitCode()).isEqualTo(ExitCode.INVALID_DATASET.code());
  }

  private CommandRunner.Result replay(long step) {
    return replay(step, "cpu");
  }

  private CommandRunner.Result replay(long step, String backend) {
    return polyculture.run(
        "replay",
        "--run",
        run.toString(),
        "--step",
        String.valueOf(step),
        "--backend",
        backend,
        "--threads",
        "2");
  }

  private void overwriteState(long step, Consumer<byte[]> change) {
    withStorage(
        storage -> {
          byte[] bytes = storage.get(STATES, Bytes.ofUnsignedLong(step)).orElseThrow().toArray();
          change.accept(bytes);
          put(storage, step, Bytes.wrap(bytes));
        });
  }

  private static void put(KeyValueStorage storage, long step, Bytes value) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(STATES, Bytes.ofUnsignedLong(step), value);
      transaction.commit();
    }
  }

  private static TrainingState loaded(CheckpointStore store, long step) {
    return ((CheckpointLoad.Loaded) store.load(step)).state();
  }

  private void withStore(Consumer<CheckpointStore> action) {
    withStorage(
        storage -> action.accept(new CheckpointStore(storage, StateHasher.singleThreaded())));
  }

  private void withStorage(Consumer<KeyValueStorage> action) {
    try (KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(run.resolve("checkpoints")))) {
      action.accept(storage);
    }
  }
}
