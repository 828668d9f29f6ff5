package org.polyculture.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The behaviour every {@link KeyValueStorage} has. Each implementation's test extends this and says
 * how to make a fresh, empty storage.
 */
public abstract class AbstractKeyValueStorageTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 200;

  protected static final Column BLOCKS = new Column("blocks");
  protected static final Column STATES = new Column("states");

  /** Few distinct key bytes, on both sides of the signed byte boundary, so keys collide. */
  private static final List<Byte> KEY_BYTES =
      List.of((byte) 0, (byte) 1, (byte) 2, (byte) 0x7f, (byte) 0x80, (byte) 0xff);

  /** A fresh, empty storage; the test closes it. */
  protected abstract KeyValueStorage createStorage();

  @Test
  void shouldReturnEmptyForMissingKeyAndUnknownColumn() {
    try (KeyValueStorage storage = createStorage()) {
      assertThat(storage.get(BLOCKS, bytes("01"))).isEmpty();
      assertThat(storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, 10)).isEmpty();
      put(storage, BLOCKS, "01", "aa");
      assertThat(storage.get(BLOCKS, bytes("02"))).isEmpty();
    }
  }

  @Test
  void shouldGetWhatWasPut() {
    try (KeyValueStorage storage = createStorage()) {
      put(storage, BLOCKS, "01", "aa");

      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
    }
  }

  @Test
  void shouldOverwriteAndRemove() {
    try (KeyValueStorage storage = createStorage()) {
      put(storage, BLOCKS, "01", "aa");
      put(storage, BLOCKS, "01", "bbbb");
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("bbbb"));

      try (KeyValueTransaction tx = storage.begin()) {
        tx.remove(BLOCKS, bytes("01"));
        tx.remove(BLOCKS, bytes("02"));
        tx.remove(STATES, bytes("01"));
        tx.commit();
      }
      assertThat(storage.get(BLOCKS, bytes("01"))).isEmpty();
    }
  }

  @Test
  void shouldKeepColumnsApart() {
    try (KeyValueStorage storage = createStorage()) {
      put(storage, BLOCKS, "01", "aa");
      put(storage, STATES, "01", "bb");

      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
      assertThat(storage.get(STATES, bytes("01"))).contains(bytes("bb"));
    }
  }

  @Test
  void shouldStoreEmptyAndLargeValues() {
    Bytes large = Bytes.wrap(new byte[3 << 20]).mutableCopy();
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        tx.put(BLOCKS, bytes("01"), Bytes.EMPTY);
        tx.put(BLOCKS, bytes("02"), large);
        tx.commit();
      }
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(Bytes.EMPTY);
      assertThat(storage.get(BLOCKS, bytes("02"))).contains(large);
    }
  }

  @Test
  void shouldNotSeeLaterChangesToTheCallersBuffers() {
    byte[] key = {1};
    byte[] value = {9, 9};
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        tx.put(BLOCKS, Bytes.wrap(key), Bytes.wrap(value));
        key[0] = 2;
        value[0] = 0;
        tx.commit();
      }
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("0909"));
      assertThat(storage.get(BLOCKS, bytes("02"))).isEmpty();
    }
  }

  @Test
  void shouldRejectEmptyAndOversizedKeys() {
    Bytes longest = Bytes.wrap(new byte[KeyValueStorage.MAX_KEY_SIZE]);
    Bytes tooLong = Bytes.wrap(new byte[KeyValueStorage.MAX_KEY_SIZE + 1]);
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        assertThatThrownBy(() -> tx.put(BLOCKS, Bytes.EMPTY, bytes("aa")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx.put(BLOCKS, tooLong, bytes("aa")))
            .isInstanceOf(IllegalArgumentException.class);
        tx.put(BLOCKS, longest, bytes("aa"));
        tx.commit();
      }
      assertThat(storage.get(BLOCKS, longest)).contains(bytes("aa"));
      assertThatThrownBy(() -> storage.get(BLOCKS, Bytes.EMPTY))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, -1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldScanInUnsignedLexicographicOrder() {
    List<String> keys = List.of("ff", "80", "7f", "02", "0100", "01", "00", "0001", "01ff");
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        keys.forEach(k -> tx.put(BLOCKS, bytes(k), bytes(k)));
        tx.commit();
      }

      assertThat(keysOf(storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, 100)))
          .containsExactly("00", "0001", "01", "0100", "01ff", "02", "7f", "80", "ff");
    }
  }

  @Test
  void shouldScanByPrefixFromAndLimit() {
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        for (String k : List.of("0a", "0b00", "0b01", "0b02", "0b0203", "0bff", "0c", "0b")) {
          tx.put(BLOCKS, bytes(k), bytes("11"));
        }
        tx.put(STATES, bytes("0b05"), bytes("22"));
        tx.commit();
      }
      Bytes prefix = bytes("0b");

      assertThat(keysOf(storage.scan(BLOCKS, prefix, prefix, 100)))
          .containsExactly("0b", "0b00", "0b01", "0b02", "0b0203", "0bff");
      assertThat(keysOf(storage.scan(BLOCKS, prefix, bytes("0b02"), 100)))
          .containsExactly("0b02", "0b0203", "0bff");
      assertThat(keysOf(storage.scan(BLOCKS, prefix, bytes("0b0201"), 2)))
          .containsExactly("0b0203", "0bff");
      assertThat(keysOf(storage.scan(BLOCKS, prefix, prefix, 3)))
          .containsExactly("0b", "0b00", "0b01");
      // A start before the prefix begins at the prefix; one after every match finds nothing.
      assertThat(keysOf(storage.scan(BLOCKS, prefix, bytes("01"), 1))).containsExactly("0b");
      assertThat(keysOf(storage.scan(BLOCKS, prefix, bytes("0c"), 10))).isEmpty();
      assertThat(storage.scan(BLOCKS, prefix, prefix, 0)).isEmpty();
      assertThat(storage.scan(BLOCKS, bytes("0d"), bytes("0d"), 10)).isEmpty();
      assertThat(storage.scan(BLOCKS, prefix, prefix, 100).get(1).value()).isEqualTo(bytes("11"));
    }
  }

  @Test
  void shouldHideUncommittedWritesFromReads() throws Exception {
    try (KeyValueStorage storage = createStorage()) {
      put(storage, BLOCKS, "01", "aa");
      try (KeyValueTransaction tx = storage.begin()) {
        tx.put(BLOCKS, bytes("01"), bytes("bb"));
        tx.put(BLOCKS, bytes("02"), bytes("cc"));
        tx.put(STATES, bytes("03"), bytes("dd"));

        assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
        assertThat(storage.get(BLOCKS, bytes("02"))).isEmpty();
        assertThat(storage.get(STATES, bytes("03"))).isEmpty();
        assertThat(keysOf(storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, 10)))
            .containsExactly("01");
        Optional<Bytes> fromOtherThread =
            CompletableFuture.supplyAsync(() -> storage.get(BLOCKS, bytes("02")))
                .get(10, TimeUnit.SECONDS);
        assertThat(fromOtherThread).isEmpty();

        tx.commit();
      }
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("bb"));
      assertThat(storage.get(BLOCKS, bytes("02"))).contains(bytes("cc"));
      assertThat(storage.get(STATES, bytes("03"))).contains(bytes("dd"));
    }
  }

  @Test
  void shouldDiscardTransactionClosedWithoutCommit() {
    try (KeyValueStorage storage = createStorage()) {
      put(storage, BLOCKS, "01", "aa");
      try (KeyValueTransaction tx = storage.begin()) {
        tx.put(BLOCKS, bytes("01"), bytes("bb"));
        tx.remove(BLOCKS, bytes("01"));
        tx.put(STATES, bytes("02"), bytes("cc"));
      }

      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
      assertThat(storage.get(STATES, bytes("02"))).isEmpty();
      // A column first written by a discarded transaction can still be created later.
      put(storage, STATES, "02", "ee");
      assertThat(storage.get(STATES, bytes("02"))).contains(bytes("ee"));
    }
  }

  @Test
  void shouldRejectUseOfAFinishedTransaction() {
    try (KeyValueStorage storage = createStorage()) {
      KeyValueTransaction tx = storage.begin();
      tx.put(BLOCKS, bytes("01"), bytes("aa"));
      tx.commit();

      assertThatThrownBy(() -> tx.put(BLOCKS, bytes("02"), bytes("bb")))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
      tx.close();
      tx.close();
      assertThat(storage.get(BLOCKS, bytes("02"))).isEmpty();
    }
  }

  @Test
  void shouldAllowOneTransactionAtATime() throws Exception {
    try (KeyValueStorage storage = createStorage()) {
      KeyValueTransaction first = storage.begin();
      assertThatThrownBy(storage::begin).isInstanceOf(IllegalStateException.class);

      CountDownLatch secondStarted = new CountDownLatch(1);
      CompletableFuture<Void> second =
          CompletableFuture.runAsync(
              () -> {
                try (KeyValueTransaction tx = storage.begin()) {
                  secondStarted.countDown();
                  tx.put(BLOCKS, bytes("02"), bytes("bb"));
                  tx.commit();
                }
              });
      assertThat(secondStarted.await(300, TimeUnit.MILLISECONDS)).isFalse();
      first.put(BLOCKS, bytes("01"), bytes("aa"));
      first.commit();

      second.get(10, TimeUnit.SECONDS);
      assertThat(storage.get(BLOCKS, bytes("01"))).contains(bytes("aa"));
      assertThat(storage.get(BLOCKS, bytes("02"))).contains(bytes("bb"));
    }
  }

  @Test
  void shouldRejectTransactionUseFromAnotherThread() throws Exception {
    try (KeyValueStorage storage = createStorage()) {
      try (KeyValueTransaction tx = storage.begin()) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other =
            new Thread(
                () -> {
                  try {
                    tx.put(BLOCKS, bytes("01"), bytes("aa"));
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                },
                "other-writer");
        other.start();
        other.join(10_000);
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void shouldFailWithClosedExceptionAfterClose() {
    KeyValueStorage storage = createStorage();
    put(storage, BLOCKS, "01", "aa");
    storage.close();
    storage.close();

    assertThatThrownBy(() -> storage.get(BLOCKS, bytes("01")))
        .isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, 1))
        .isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(storage::begin).isInstanceOf(StorageClosedException.class);
  }

  @Test
  void shouldDiscardOwnOpenTransactionOnClose() {
    KeyValueStorage storage = createStorage();
    KeyValueTransaction tx = storage.begin();
    tx.put(BLOCKS, bytes("01"), bytes("aa"));

    storage.close();

    assertThatThrownBy(() -> tx.put(BLOCKS, bytes("02"), bytes("bb")))
        .isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(tx::commit).isInstanceOf(StorageClosedException.class);
    tx.close();
  }

  @Test
  void shouldWaitForAnotherThreadsTransactionOnClose() throws Exception {
    KeyValueStorage storage = createStorage();
    CountDownLatch begun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> commitFailure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (KeyValueTransaction tx = storage.begin()) {
                tx.put(BLOCKS, bytes("01"), bytes("aa"));
                begun.countDown();
                release.await();
                tx.commit();
              } catch (Throwable t) {
                commitFailure.set(t);
              }
            },
            "slow-writer");
    writer.start();
    assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(storage::close);
    Thread.sleep(200);
    assertThat(closing).isNotDone();
    release.countDown();

    closing.get(10, TimeUnit.SECONDS);
    writer.join(10_000);
    assertThat(commitFailure.get()).isInstanceOf(StorageClosedException.class);
  }

  /** Random batches of writes, some committed, some discarded, agree with a sorted map. */
  @Test
  void shouldAgreeWithASortedMapModel() {
    qt().withExamples(100)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(batches())
        .checkAssert(this::assertAgreesWithASortedMapModel);
  }

  /**
   * Hand-picked batches at the edges of the generator: nothing at all, empty and discarded batches,
   * empty values, removals of absent keys, keys one byte and four bytes long, and keys that are
   * prefixes of each other on both sides of the signed byte boundary.
   */
  @Test
  void shouldAgreeWithASortedMapModelAtTheEdges() {
    Write emptyValue = put("01", "");
    List<List<Batch>> cases =
        List.of(
            List.of(),
            List.of(new Batch(List.of(), true)),
            List.of(new Batch(List.of(put("01", "aa")), false)),
            List.of(new Batch(List.of(remove("01"), remove("ffffffff")), true)),
            List.of(new Batch(List.of(emptyValue), true)),
            List.of(
                new Batch(List.of(put("01", "aa"), remove("01")), true),
                new Batch(List.of(remove("01"), put("01", "bb")), true)),
            List.of(
                new Batch(
                    List.of(
                        put("00", "00"),
                        put("0000", "01"),
                        put("01", "02"),
                        put("0102", "03"),
                        put("010203", "04"),
                        put("01020380", "05"),
                        put("017f", "06"),
                        put("0180", "07"),
                        put("7f", "08"),
                        put("80", "09"),
                        put("ff", "0a"),
                        put("ffffffff", "0b")),
                    true),
                new Batch(List.of(remove("0102"), put("ff", "")), false),
                new Batch(List.of(remove("0102"), put("0180", "")), true)));
    for (List<Batch> batches : cases) {
      assertAgreesWithASortedMapModel(batches);
    }
  }

  private void assertAgreesWithASortedMapModel(List<Batch> batches) {
    NavigableMap<Bytes, Bytes> model = new TreeMap<>(KeyOrder.UNSIGNED_LEXICOGRAPHIC);
    try (KeyValueStorage storage = createStorage()) {
      for (Batch batch : batches) {
        Map<Bytes, Optional<Bytes>> effects = new LinkedHashMap<>();
        try (KeyValueTransaction tx = storage.begin()) {
          for (Write write : batch.writes()) {
            if (write.value().isPresent()) {
              tx.put(BLOCKS, write.key(), write.value().get());
            } else {
              tx.remove(BLOCKS, write.key());
            }
            effects.put(write.key(), write.value());
          }
          if (batch.commit()) {
            tx.commit();
            effects.forEach(
                (k, v) -> {
                  if (v.isPresent()) {
                    model.put(k, v.get());
                  } else {
                    model.remove(k);
                  }
                });
          }
        }
      }

      List<KeyValue> all = storage.scan(BLOCKS, Bytes.EMPTY, Bytes.EMPTY, Integer.MAX_VALUE);
      assertThat(all)
          .containsExactlyElementsOf(
              model.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList());
      for (Bytes prefix : List.of(bytes("00"), bytes("01"), bytes("0102"), bytes("ff"))) {
        List<KeyValue> expected = new ArrayList<>();
        for (Map.Entry<Bytes, Bytes> e : model.tailMap(prefix, true).entrySet()) {
          if (!KeyOrder.hasPrefix(e.getKey(), prefix) || expected.size() == 3) {
            break;
          }
          expected.add(new KeyValue(e.getKey(), e.getValue()));
        }
        assertThat(storage.scan(BLOCKS, prefix, prefix, 3)).isEqualTo(expected);
      }
    }
  }

  /**
   * Up to 8 batches of up to 12 writes; keys of 1 to 4 bytes from a few distinct bytes, so that
   * they collide and share prefixes; a fifth of the writes are removals; a third of the batches are
   * discarded.
   */
  private static Gen<List<Batch>> batches() {
    Gen<Bytes> keys =
        lists()
            .of(Generate.pick(KEY_BYTES))
            .ofSizeBetween(1, 4)
            .map(
                list -> {
                  byte[] array = new byte[list.size()];
                  for (int i = 0; i < array.length; i++) {
                    array[i] = list.get(i);
                  }
                  return Bytes.wrap(array);
                });
    Gen<Optional<Bytes>> values =
        Generate.byteArrays(
                integers().between(0, 8), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
            .map(array -> Bytes.wrap(array))
            .toOptionals(20);
    Gen<Write> writes = keys.zip(values, Write::new);
    Gen<Batch> batch =
        lists()
            .of(writes)
            .ofSizeBetween(0, 12)
            .zip(Generate.pick(List.of(true, true, false)), Batch::new);
    return lists().of(batch).ofSizeBetween(0, 8);
  }

  private static Write put(String key, String value) {
    return new Write(bytes(key), Optional.of(bytes(value)));
  }

  private static Write remove(String key) {
    return new Write(bytes(key), Optional.empty());
  }

  record Write(Bytes key, Optional<Bytes> value) {}

  record Batch(List<Write> writes, boolean commit) {}

  protected static void put(KeyValueStorage storage, Column column, String key, String value) {
    try (KeyValueTransaction tx = storage.begin()) {
      tx.put(column, bytes(key), bytes(value));
      tx.commit();
    }
  }

  protected static Bytes bytes(String hex) {
    return Bytes.fromHexString(hex);
  }

  protected static List<String> keysOf(List<KeyValue> entries) {
    return entries.stream().map(e -> e.key().toUnprefixedHexString()).toList();
  }
}
