package org.polyculture.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polyculture.storage.AbstractKeyValueStorageTest;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageFullException;
import org.polyculture.storage.StorageLockedException;

class LmdbKeyValueStorageTest extends AbstractKeyValueStorageTest {

  private final List<Path> directories = new ArrayList<>();

  @Override
  protected KeyValueStorage createStorage() {
    return LmdbKeyValueStorage.open(LmdbConfig.at(newDirectory()));
  }

  @AfterEach
  void deleteDirectories() throws IOException {
    for (Path directory : directories) {
      if (Files.exists(directory)) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    }
    directories.clear();
  }

  @Test
  void shouldKeepCommittedDataAcrossReopen() {
    Path directory = newDirectory();
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      put(storage, BLOCKS, "01", "aa");
      put(storage, STATES, "0102", "bb");
      try (KeyValueTransaction tx = storage.begin()) {
        tx.put(BLOCKS, bytes("02"), bytes("cc"));
      }
    }

    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
      assertThat(storage.get(BLOCKS, bytes("02"))).isEmpty();
      assertThat(keysOf(storage.scan(STATES, bytes("01"), bytes("01"), 10)))
          .containsExactly("0102");
      put(storage, BLOCKS, "03", "dd");
    }
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThat(storage.get(BLOCKS, bytes("03"))).contains(bytes("dd"));
    }
  }

  @Test
  void shouldRefuseASecondOpenOfTheSameStore() {
    Path directory = newDirectory();
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThatThrownBy(() -> LmdbKeyValueStorage.open(LmdbConfig.at(directory)))
          .isInstanceOf(StorageLockedException.class)
          .hasMessageContaining(directory.toString());
      put(storage, BLOCKS, "01", "aa");
    }
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
    }
  }

  @Test
  void shouldFailWithFullExceptionWhenTheMapIsFullAndStayReadable() {
    Path directory = newDirectory();
    Bytes value = Bytes.wrap(new byte[16 << 10]);
    List<Bytes> committed = new ArrayList<>();
    try (KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(directory).withMapSize(1 << 20))) {
      StorageFullException full = null;
      for (int i = 0; i < 1_000 && full == null; i++) {
        Bytes key = Bytes.ofUnsignedInt(i);
        try (KeyValueTransaction tx = storage.begin()) {
          tx.put(BLOCKS, key, value);
          tx.commit();
          committed.add(key);
        } catch (StorageFullException e) {
          full = e;
        }
      }

      assertThat(full).isNotNull();
      assertThat(full.getMessage()).contains(directory.toString()).contains("map size");
      assertThat(committed).hasSizeBetween(10, 64);
      for (Bytes key : committed) {
        assertThat(storage.get(BLOCKS, key)).contains(value);
      }
      assertThat(storage.get(BLOCKS, Bytes.ofUnsignedInt(committed.size()))).isEmpty();
      // Freeing space makes writes possible again.
      try (KeyValueTransaction tx = storage.begin()) {
        for (Bytes key : committed.subList(0, committed.size() / 2)) {
          tx.remove(BLOCKS, key);
        }
        tx.commit();
      }
      put(storage, STATES, "01", "aa");
      assertThat(storage.get(STATES, bytes("01"))).contains(bytes("aa"));
    }
    // A larger map lets the store grow.
    try (KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(directory).withMapSize(64 << 20))) {
      try (KeyValueTransaction tx = storage.begin()) {
        for (int i = 0; i < 200; i++) {
          tx.put(BLOCKS, Bytes.ofUnsignedInt(10_000 + i), value);
        }
        tx.commit();
      }
      assertThat(storage.get(BLOCKS, Bytes.ofUnsignedInt(10_199))).contains(value);
    }
  }

  @Test
  void shouldOpenCleanlyAfterAProcessWasKilledMidTransaction() throws Exception {
    Path directory = newDirectory();
    Process child =
        new ProcessBuilder(
                javaCommand(),
                "-cp",
                System.getProperty("java.class.path"),
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                LmdbCrashWriter.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> output = new ArrayList<>();
      String line;
      do {
        line = out.readLine();
        if (line != null) {
          output.add(line);
        }
      } while (line != null && !line.equals(LmdbCrashWriter.READY));
      assertThat(line).as("child process output: %s", output).isEqualTo(LmdbCrashWriter.READY);
      // The child holds LMDB's writer lock and a reader slot, with uncommitted pages written.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(directory.resolve("lock.mdb")).exists();
    assertThat(directory.resolve(LmdbKeyValueStorage.LOCK_FILE)).exists();

    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      for (int i = 0; i < LmdbCrashWriter.COMMITTED; i++) {
        assertThat(storage.get(LmdbCrashWriter.COLUMN, Bytes.ofUnsignedInt(i)))
            .contains(LmdbCrashWriter.value(i));
      }
      assertThat(
              storage.get(LmdbCrashWriter.COLUMN, Bytes.ofUnsignedInt(LmdbCrashWriter.COMMITTED)))
          .isEmpty();
      assertThat(storage.get(LmdbCrashWriter.UNCOMMITTED_COLUMN, Bytes.ofUnsignedInt(0))).isEmpty();
      put(storage, BLOCKS, "01", "aa");
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
    }
  }

  @Test
  void shouldOpenCleanlyOverGarbageLockFiles() throws IOException {
    Path directory = newDirectory();
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      put(storage, BLOCKS, "01", "aa");
    }
    byte[] garbage = new byte[8192];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 31 + 7);
    }
    Files.write(directory.resolve("lock.mdb"), garbage);
    Files.write(directory.resolve(LmdbKeyValueStorage.LOCK_FILE), garbage);

    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
      put(storage, BLOCKS, "02", "bb");
    }
  }

  @Test
  void shouldReportADataFileThatIsNotLmdbAsCorrupt() throws IOException {
    Path directory = newDirectory();
    Files.createDirectories(directory);
    Files.write(directory.resolve("data.mdb"), new byte[64 << 10]);

    assertThatThrownBy(() -> LmdbKeyValueStorage.open(LmdbConfig.at(directory)))
        .isInstanceOf(StorageCorruptException.class)
        .hasMessageContaining(directory.toString());
    // The failed open released the store.
    Files.delete(directory.resolve("data.mdb"));
    try (KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory))) {
      assertThat(storage.get(BLOCKS, bytes("01"))).isEmpty();
    }
  }

  @Test
  void shouldRejectInvalidConfiguration() {
    Path directory = newDirectory();
    assertThatThrownBy(() -> LmdbConfig.at(directory).withMapSize(1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LmdbConfig.at(directory).withMaxColumns(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LmdbConfig.at(directory).mapSize()).isEqualTo(LmdbConfig.DEFAULT_MAP_SIZE);
  }

  @Test
  void shouldFailCleanlyWhenColumnsRunOut() {
    try (KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(newDirectory()).withMaxColumns(2))) {
      put(storage, new Column("one"), "01", "aa");
      put(storage, new Column("two"), "01", "aa");
      try (KeyValueTransaction tx = storage.begin()) {
        assertThatThrownBy(() -> tx.put(new Column("three"), bytes("01"), bytes("aa")))
            .hasMessageContaining("maximum of 2 columns");
      }
      assertThat(storage.get(new Column("two"), bytes("01"))).contains(bytes("aa"));
    }
  }

  private Path newDirectory() {
    try {
      Path directory = Files.createTempDirectory("polyculture-lmdb-test");
      directories.add(directory);
      return directory.resolve("store");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
