package org.polyculture.storage.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.engine.state.TrainingStateFixture.aState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.StorageFullException;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;

/**
 * Checkpoints under the faults the issue names: the disk filling up in the middle of a checkpoint
 * (a size-limited LMDB map stands in for a small disk), and the writing process killed with SIGKILL
 * while it records checkpoints. Either way, every checkpoint the store holds loads and matches its
 * recorded hash, and the store opens and takes new checkpoints afterwards.
 */
class CheckpointFaultTest {

  private static final StateHasher HASHER = StateHasher.singleThreaded();

  @TempDir Path directory;

  private static TrainingState nanoState(long step) {
    return aState().config(NamedConfig.NANO.config()).values(step).step(step).build();
  }

  @Test
  void shouldFailClearlyAndKeepEveryEarlierCheckpointWhenTheDiskFillsUp() {
    long stateBytes = StateCodec.encodedLength(NamedConfig.NANO.config());
    // Room for a few nano checkpoints (about 1.2 MB each), not for ten.
    LmdbConfig small = LmdbConfig.at(directory).withMapSize(5 * stateBytes);
    long recorded = 0;
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(small)) {
      CheckpointStore store = new CheckpointStore(storage, HASHER);
      long step = 1;
      Throwable failure = null;
      for (; step <= 10; step++) {
        try {
          store.record(nanoState(step), Optional.of(1f), true);
          recorded = step;
        } catch (StorageFullException e) {
          failure = e;
          break;
        }
      }
      assertThat(failure)
          .as("the map holds fewer than ten checkpoints")
          .isNotNull()
          .hasMessageContaining("full")
          .hasMessageContaining(directory.toString());
      assertThat(recorded).isPositive();
      assertThat(store.latestStep()).contains(recorded);
      assertThat(store.load(recorded + 1)).isInstanceOf(CheckpointLoad.Missing.class);
      assertAllLoad(store, recorded);
      long full = step;
      assertThatThrownBy(() -> store.record(nanoState(full), Optional.empty(), true))
          .isInstanceOf(StorageFullException.class);
    }
    try (KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(directory).withMapSize(64 * stateBytes))) {
      CheckpointStore store = new CheckpointStore(storage, HASHER);
      assertAllLoad(store, recorded);
      store.record(nanoState(recorded + 1), Optional.empty(), true);
      assertAllLoad(store, recorded + 1);
    }
  }

  @Test
  void shouldLoadEveryCheckpointAfterTheWriterWasKilledMidCheckpoint() throws Exception {
    Path store = directory.resolve("store");
    long printed = 0;
    for (int round = 0; round < 3; round++) {
      Process child = startWriter(store);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // Let it record a few checkpoints beyond what it already had, then kill it mid-stream.
        long target = printed + 3 + round;
        String line;
        while ((line = out.readLine()) != null) {
          if (line.chars().allMatch(Character::isDigit) && !line.isEmpty()) {
            printed = Math.max(printed, Long.parseLong(line));
            if (printed >= target) {
              break;
            }
          }
        }
        assertThat(printed).as("child output").isGreaterThanOrEqualTo(target);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(store))) {
        CheckpointStore checkpoints = new CheckpointStore(storage, HASHER);
        long latest = checkpoints.latestStep().orElseThrow();
        // What the child printed is committed; more may have been before the kill landed.
        assertThat(latest).isGreaterThanOrEqualTo(printed);
        assertAllLoad(checkpoints, latest);
        printed = latest;
      }
    }
  }

  private static void assertAllLoad(CheckpointStore store, long through) {
    for (long step = 1; step <= through; step++) {
      CheckpointLoad load = store.load(step);
      assertThat(load).as("step %d", step).isInstanceOf(CheckpointLoad.Loaded.class);
      TrainingState state = ((CheckpointLoad.Loaded) load).state();
      assertThat(state).isEqualTo(nanoState(step));
      assertThat(store.stateHash(step)).contains(HASHER.hash(state));
    }
  }

  private static Process startWriter(Path store) throws IOException {
    Files.createDirectories(store);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "--add-modules",
            "jdk.incubator.vector",
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            CheckpointWriterProcess.class.getName(),
            store.toString())
        .redirectErrorStream(true)
        .start();
  }
}
