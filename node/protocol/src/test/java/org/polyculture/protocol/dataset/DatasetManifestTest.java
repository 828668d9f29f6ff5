package org.polyculture.protocol.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.protocol.ProtocolGenerators.EDGE_WORDS;
import static org.polyculture.protocol.ProtocolGenerators.bytes32;
import static org.polyculture.protocol.ProtocolGenerators.flipBit;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.polyculture.protocol.ProtocolGenerators.lists;
import static org.polyculture.protocol.ProtocolGenerators.longs;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.protocol.merkle.KeccakMerkleTree;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

class DatasetManifestTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 1_000;

  private static final DatasetLimits LIMITS = DatasetLimits.DEFAULT;

  @Test
  void shardLeafIsDoubleKeccakOfAbiEncodedIndexHashAndSize() {
    Bytes32 sha = Bytes32.fromHexString("0x" + "cd".repeat(32));
    ShardEntry shard = new ShardEntry(0x0a0b, sha, 0x0102030405L);

    Bytes expected =
        Bytes.fromHexString(
            "0x" + "00".repeat(30) + "0a0b" + "cd".repeat(32) + "00".repeat(27) + "0102030405");
    assertThat(shard.abiEncoded()).isEqualTo(expected);
    assertThat(shard.leaf()).isEqualTo(Keccak256.hash(Keccak256.hash(expected)));
  }

  @Test
  void manifestOfShardsComputesTotalAndRoot() {
    List<ShardEntry> shards = shards(3, 10);
    DatasetManifest manifest = DatasetManifest.of(shards, 2);

    assertThat(manifest.formatVersion()).isEqualTo(DatasetManifest.FORMAT_VERSION);
    assertThat(manifest.totalSize()).isEqualTo(30);
    assertThat(manifest.trainingBytes()).isEqualTo(28);
    assertThat(manifest.root())
        .isEqualTo(
            KeccakMerkleTree.rootOf(
                List.of(shards.get(0).leaf(), shards.get(1).leaf(), shards.get(2).leaf())));
    assertThat(manifest.validate(LIMITS).isValid()).isTrue();
  }

  @Test
  void describingBytesTakesTheirSha256AndSize() {
    ShardEntry shard = ShardEntry.describing(4, Bytes.fromHexString("0x616263"));

    assertThat(shard.size()).isEqualTo(3);
    assertThat(shard.sha256().toHexString())
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void defaultHoldoutIsFivePercentButAtLeastOneSample() {
    assertThat(DatasetManifest.defaultValidationBytes(100_000, 256)).isEqualTo(5_000);
    assertThat(DatasetManifest.defaultValidationBytes(100_001, 256)).isEqualTo(5_001);
    assertThat(DatasetManifest.defaultValidationBytes(2_000, 256)).isEqualTo(257);
    assertThat(DatasetManifest.defaultValidationBytes(514, 256)).isEqualTo(257);
    assertThatThrownBy(() -> DatasetManifest.defaultValidationBytes(513, 256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too small");
  }

  @Test
  void shouldRejectUnsupportedVersion() {
    DatasetManifest manifest = DatasetManifest.of(shards(2, 5), 1);
    assertRejected(
        new DatasetManifest(2, manifest.shards(), 10, 1, manifest.root()),
        ManifestRejection.UNSUPPORTED_VERSION);
  }

  @Test
  void shouldRejectEmptyManifest() {
    assertRejected(new DatasetManifest(1, List.of(), 0, 0, Bytes32.ZERO), ManifestRejection.EMPTY);
  }

  @Test
  void shouldRejectEmptyShard() {
    List<ShardEntry> shards = new ArrayList<>(shards(2, 5));
    shards.set(1, new ShardEntry(1, shards.get(1).sha256(), 0));
    assertRejected(
        new DatasetManifest(1, shards, 5, 1, Bytes32.ZERO), ManifestRejection.EMPTY_SHARD);
  }

  @Test
  void shouldRejectDuplicateMissingAndMisorderedIndices() {
    List<ShardEntry> shards = shards(3, 5);
    assertRejected(
        withShards(List.of(shards.get(0), shards.get(1), shard(1, 5))),
        ManifestRejection.DUPLICATE_INDEX);
    assertRejected(
        withShards(List.of(shards.get(0), shards.get(1), shard(3, 5))),
        ManifestRejection.MISSING_INDEX);
    assertRejected(
        withShards(List.of(shards.get(0), shards.get(1), shard(-1, 5))),
        ManifestRejection.MISSING_INDEX);
    assertRejected(
        withShards(List.of(shards.get(0), shards.get(2), shards.get(1))),
        ManifestRejection.OUT_OF_ORDER);
  }

  @Test
  void shouldRejectTotalThatIsNotTheSumOfShards() {
    DatasetManifest manifest = DatasetManifest.of(shards(2, 5), 1);
    assertRejected(
        new DatasetManifest(1, manifest.shards(), 11, 1, manifest.root()),
        ManifestRejection.SIZE_MISMATCH);
  }

  @Test
  void shouldRejectHoldoutOutsideTheDataset() {
    DatasetManifest manifest = DatasetManifest.of(shards(2, 5), 1);
    assertRejected(
        new DatasetManifest(1, manifest.shards(), 10, 10, manifest.root()),
        ManifestRejection.INVALID_HOLDOUT);
    assertRejected(
        new DatasetManifest(1, manifest.shards(), 10, -1, manifest.root()),
        ManifestRejection.INVALID_HOLDOUT);
    assertThat(new DatasetManifest(1, manifest.shards(), 10, 0, manifest.root()).validate(LIMITS))
        .isEqualTo(ValidationResult.valid());
  }

  @Test
  void shouldRejectWrongRoot() {
    DatasetManifest manifest = DatasetManifest.of(shards(2, 5), 1);
    assertRejected(
        new DatasetManifest(1, manifest.shards(), 10, 1, Bytes32.ZERO),
        ManifestRejection.ROOT_MISMATCH);
  }

  @Test
  void shouldRejectManifestsBeyondTheLimits() {
    DatasetManifest manifest = DatasetManifest.of(shards(4, 100), 1);

    assertThat(manifest.validate(new DatasetLimits(3, 100, 1000)).invalidReason())
        .contains(ManifestRejection.TOO_MANY_SHARDS);
    assertThat(manifest.validate(new DatasetLimits(4, 99, 1000)).invalidReason())
        .contains(ManifestRejection.SHARD_TOO_LARGE);
    assertThat(manifest.validate(new DatasetLimits(4, 100, 399)).invalidReason())
        .contains(ManifestRejection.TOTAL_TOO_LARGE);
    assertThat(manifest.validate(new DatasetLimits(4, 100, 400)).isValid()).isTrue();
  }

  @Test
  void shouldRejectHugeSizesWithoutOverflow() {
    List<ShardEntry> shards = List.of(shard(0, Long.MAX_VALUE), shard(1, Long.MAX_VALUE));
    DatasetLimits unlimited = new DatasetLimits(10, Long.MAX_VALUE, Long.MAX_VALUE);

    assertThat(withShards(shards).validate(unlimited).invalidReason())
        .contains(ManifestRejection.TOTAL_TOO_LARGE);
  }

  @Test
  void manifestsBuiltFromShardsAreValid() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(200)
        .forAll(shardLists())
        .checkAssert(DatasetManifestTest::assertManifestBuiltFromShardsIsValid);
  }

  @Test
  void anyChangedFieldIsRejectedOrChangesTheManifestHash() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(300)
        .forAll(shardLists(), ints(0, 6), ints(0, 1 << 20), ints(0, 255))
        .checkAssert(DatasetManifestTest::assertChangedFieldIsRejectedOrChangesTheManifestHash);
  }

  @Test
  void manifestHashCoversEveryDefiningField() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(100)
        .forAll(shardLists())
        .checkAssert(DatasetManifestTest::assertManifestHashCoversEveryDefiningField);
  }

  @Test
  void shardEncodingRoundTripsAndEveryBitCounts() {
    qt().withExamples(200)
        .forAll(
            ints(0, Integer.MAX_VALUE), bytes32(), longs(0, Long.MAX_VALUE), ints(0, 3 * 256 - 1))
        .checkAssert(DatasetManifestTest::assertShardEncodingRoundTripsAndEveryBitCounts);
  }

  @Test
  void canonicalBytesRoundTrip() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(100)
        .forAll(shardLists(), longs(0, 1 << 20))
        .checkAssert(DatasetManifestTest::assertCanonicalBytesRoundTrip);
  }

  /** The smallest and the largest shard lists the generator makes, with edge words as hashes. */
  @Test
  void manifestPropertiesHoldAtTheEdges() {
    for (List<ShardEntry> shards : edgeShardLists()) {
      assertManifestBuiltFromShardsIsValid(shards);
      assertManifestHashCoversEveryDefiningField(shards);
      for (long holdout : List.of(0L, 1L << 20)) {
        assertCanonicalBytesRoundTrip(shards, holdout);
      }
      for (int field = 0; field <= 6; field++) {
        for (int pick : List.of(0, shards.size() - 1, 1 << 20)) {
          for (int bit : List.of(0, 30, 31, 62, 63, 255)) {
            assertChangedFieldIsRejectedOrChangesTheManifestHash(shards, field, pick, bit);
          }
        }
      }
    }
  }

  @Test
  void shardEncodingRoundTripsAtTheEdges() {
    for (int index : List.of(0, 1, Integer.MAX_VALUE)) {
      for (Bytes32 sha256 : EDGE_WORDS) {
        for (long size : List.of(0L, 1L, Long.MAX_VALUE)) {
          for (int bit : List.of(0, 255, 256, 511, 512, 767)) {
            assertShardEncodingRoundTripsAndEveryBitCounts(index, sha256, size, bit);
          }
        }
      }
    }
  }

  private static void assertManifestBuiltFromShardsIsValid(List<ShardEntry> shards) {
    DatasetManifest manifest = DatasetManifest.of(shards, 0);

    assertThat(manifest.validate(LIMITS)).isEqualTo(ValidationResult.valid());
  }

  private static void assertChangedFieldIsRejectedOrChangesTheManifestHash(
      List<ShardEntry> shards, int field, int pick, int bit) {
    DatasetManifest original = DatasetManifest.of(shards, 0);
    int at = pick % shards.size();
    ShardEntry s = shards.get(at);
    List<ShardEntry> changed = new ArrayList<>(shards);
    DatasetManifest mutated =
        switch (field) {
          case 0 -> withVersion(original, original.formatVersion() + 1 + pick);
          case 1 -> {
            changed.set(at, new ShardEntry(s.index() ^ (1 << (bit % 31)), s.sha256(), s.size()));
            yield with(original, changed);
          }
          case 2 -> {
            changed.set(at, new ShardEntry(s.index(), flipBit(s.sha256(), bit), s.size()));
            yield with(original, changed);
          }
          case 3 -> {
            changed.set(at, new ShardEntry(s.index(), s.sha256(), s.size() ^ (1L << (bit % 63))));
            yield with(original, changed);
          }
          case 4 ->
              new DatasetManifest(
                  1, shards, original.totalSize() ^ (1L << (bit % 63)), 0, original.root());
          case 5 ->
              new DatasetManifest(
                  1, shards, original.totalSize(), 1L << (bit % 63), original.root());
          default ->
              new DatasetManifest(
                  1, shards, original.totalSize(), 0, flipBit(original.root(), bit));
        };

    ValidationResult<ManifestRejection> result = mutated.validate(LIMITS);

    if (result.isValid()) {
      // Only the holdout can change and still leave a valid manifest: the manifest hash pins it.
      assertThat(field).isEqualTo(5);
      assertThat(mutated.manifestHash()).isNotEqualTo(original.manifestHash());
    } else {
      assertThat(result.invalidReason().orElseThrow()).isIn(expectedReasons(field));
    }
  }

  private static void assertManifestHashCoversEveryDefiningField(List<ShardEntry> shards) {
    DatasetManifest m = DatasetManifest.of(shards, 0);
    Bytes32 hash = m.manifestHash();

    assertThat(new DatasetManifest(2, shards, m.totalSize(), 0, m.root()).manifestHash())
        .isNotEqualTo(hash);
    assertThat(new DatasetManifest(1, shards, m.totalSize() + 1, 0, m.root()).manifestHash())
        .isNotEqualTo(hash);
    assertThat(new DatasetManifest(1, shards, m.totalSize(), 1, m.root()).manifestHash())
        .isNotEqualTo(hash);
    assertThat(
            new DatasetManifest(1, shards, m.totalSize(), 0, flipBit(m.root(), 0)).manifestHash())
        .isNotEqualTo(hash);
    assertThat(m.canonicalBytes().size()).isEqualTo(5 * 32);
  }

  private static void assertShardEncodingRoundTripsAndEveryBitCounts(
      int index, Bytes32 sha256, long size, int bit) {
    ShardEntry shard = new ShardEntry(index, sha256, size);
    Bytes encoded = shard.abiEncoded();

    ShardEntry decoded =
        new ShardEntry(
            encoded.slice(0, 32).toUnsignedBigInteger().intValueExact(),
            Bytes32.wrap(encoded.slice(32, 32)),
            encoded.slice(64, 32).toUnsignedBigInteger().longValueExact());
    byte[] flipped = encoded.toArray();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThat(decoded).isEqualTo(shard);
    assertThat(Keccak256.hash(Keccak256.hash(Bytes.wrap(flipped)))).isNotEqualTo(shard.leaf());
  }

  private static void assertCanonicalBytesRoundTrip(List<ShardEntry> shards, long holdout) {
    DatasetManifest manifest = DatasetManifest.of(shards, holdout);
    Bytes canonical = manifest.canonicalBytes();

    assertThat(canonical.slice(0, 32))
        .isEqualTo(
            Keccak256.hash(
                Bytes.wrap(
                    "polyculture.dataset-manifest.v1"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    DatasetManifest decoded =
        new DatasetManifest(
            canonical.slice(32, 32).toUnsignedBigInteger().intValueExact(),
            shards,
            canonical.slice(96, 32).toUnsignedBigInteger().longValueExact(),
            canonical.slice(128, 32).toUnsignedBigInteger().longValueExact(),
            Bytes32.wrap(canonical.slice(64, 32)));
    assertThat(decoded).isEqualTo(manifest);
  }

  private static List<ManifestRejection> expectedReasons(int field) {
    return switch (field) {
      case 0 -> List.of(ManifestRejection.UNSUPPORTED_VERSION);
      case 1 ->
          List.of(
              ManifestRejection.DUPLICATE_INDEX,
              ManifestRejection.MISSING_INDEX,
              ManifestRejection.OUT_OF_ORDER);
      case 2, 6 -> List.of(ManifestRejection.ROOT_MISMATCH);
      case 3 ->
          List.of(
              ManifestRejection.SIZE_MISMATCH,
              ManifestRejection.SHARD_TOO_LARGE,
              ManifestRejection.EMPTY_SHARD,
              ManifestRejection.TOTAL_TOO_LARGE);
      case 4 -> List.of(ManifestRejection.SIZE_MISMATCH, ManifestRejection.TOTAL_TOO_LARGE);
      default -> List.of(ManifestRejection.INVALID_HOLDOUT);
    };
  }

  /** 1 to 40 shards indexed from 0, with random hashes and sizes of 1 byte to 1 MiB. */
  private static Gen<List<ShardEntry>> shardLists() {
    return lists(bytes32().zip(longs(1, 1L << 20), Pair::of), 1, 40)
        .map(
            parts -> {
              List<ShardEntry> shards = new ArrayList<>();
              for (int i = 0; i < parts.size(); i++) {
                shards.add(new ShardEntry(i, parts.get(i)._1, parts.get(i)._2));
              }
              return shards;
            });
  }

  /** One shard of one byte, and 40 shards of 1 MiB with the edge words as hashes. */
  private static List<List<ShardEntry>> edgeShardLists() {
    List<ShardEntry> largest = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      largest.add(new ShardEntry(i, EDGE_WORDS.get(i % EDGE_WORDS.size()), 1L << 20));
    }
    return List.of(List.of(new ShardEntry(0, Bytes32.ZERO, 1)), largest);
  }

  private static void assertRejected(DatasetManifest manifest, ManifestRejection reason) {
    ValidationResult<ManifestRejection> result = manifest.validate(LIMITS);
    assertThat(result.invalidReason()).contains(reason);
    assertThat(result.errorMessage()).isPresent();
  }

  private static DatasetManifest withShards(List<ShardEntry> shards) {
    long total = shards.stream().mapToLong(ShardEntry::size).reduce(0, (a, b) -> a + b);
    return new DatasetManifest(1, shards, total, 1, Bytes32.ZERO);
  }

  private static DatasetManifest with(DatasetManifest original, List<ShardEntry> shards) {
    return new DatasetManifest(
        original.formatVersion(),
        shards,
        original.totalSize(),
        original.validationBytes(),
        original.root());
  }

  private static DatasetManifest withVersion(DatasetManifest m, int version) {
    return new DatasetManifest(version, m.shards(), m.totalSize(), m.validationBytes(), m.root());
  }

  private static List<ShardEntry> shards(int count, long size) {
    List<ShardEntry> shards = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shards.add(shard(i, size));
    }
    return shards;
  }

  private static ShardEntry shard(int index, long size) {
    return new ShardEntry(index, Keccak256.hash(Bytes.ofUnsignedLong(index & 0xFFFFFFFFL)), size);
  }
}
