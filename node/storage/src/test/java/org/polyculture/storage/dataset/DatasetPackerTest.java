package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.storage.dataset.DatasetFixture.uncheckedIo;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;

class DatasetPackerTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 100;

  private static final int CONTEXT = 64;

  /** Room for a training and a validation sample of {@code CONTEXT + 1} bytes, and a byte more. */
  private static final int SMALLEST_DATASET = 2 * (CONTEXT + 1) + 1;

  @Test
  void shouldPackFilesInOrderIntoFixedSizeShards() throws IOException {
    try (DatasetFixture fixture = new DatasetFixture()) {
      List<Path> inputs = fixture.inputs();

      PackReport report =
          new DatasetPacker(PackOptions.defaults(CONTEXT).withShardSize(1024))
              .pack(inputs, fixture.output());

      DatasetManifest manifest = report.manifest();
      assertThat(manifest.totalSize()).isEqualTo(7501);
      assertThat(manifest.shards()).hasSize(8);
      assertThat(manifest.shards().subList(0, 7))
          .allSatisfy(s -> assertThat(s.size()).isEqualTo(1024));
      assertThat(manifest.shards().get(7).size()).isEqualTo(7501 - 7 * 1024);
      // 5% of 7501 rounded up is 376, more than one sample of 65 bytes.
      assertThat(manifest.validationBytes()).isEqualTo(376);
      assertThat(report.inputs())
          .extracting(PackReport.PackedInput::offset, PackReport.PackedInput::size)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0L, 3000L),
              org.assertj.core.groups.Tuple.tuple(3000L, 1L),
              org.assertj.core.groups.Tuple.tuple(3001L, 4500L));
      assertThat(report.summary())
          .contains("3 file(s)")
          .contains("7,501 bytes")
          .contains("8 shard(s)");

      byte[] expected = DatasetFixture.concatenation(inputs);
      for (ShardEntry shard : manifest.shards()) {
        Path file = DatasetLayout.shard(fixture.output(), shard.sha256());
        byte[] bytes = Files.readAllBytes(file);
        int from = shard.index() * 1024;
        assertThat(Bytes.wrap(bytes)).isEqualTo(Bytes.wrap(expected, from, bytes.length));
      }
      LoadedDataset loaded = DatasetReader.withDefaultLimits().read(fixture.output());
      assertThat(loaded.manifest()).isEqualTo(manifest);
      assertThat(loaded.tokens()).isEqualTo(Bytes.wrap(expected));
      assertThat(loaded.trainingTokens()).isEqualTo(Bytes.wrap(expected, 0, 7501 - 376));
      assertThat(loaded.validationTokens()).isEqualTo(Bytes.wrap(expected, 7501 - 376, 376));
    }
  }

  @Test
  void packedDatasetsReadBackToTheConcatenatedInputs() {
    qt().withExamples(30)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(
            lists().of(integers().between(0, 5000)).ofSizeBetween(1, 5),
            integers().between(1, 3000),
            longs().all())
        .assuming((sizes, shardSize, seed) -> total(sizes) >= SMALLEST_DATASET)
        .checkAssert(
            (sizes, shardSize, seed) ->
                uncheckedIo(() -> assertPackedDatasetReadsBack(sizes, shardSize, seed)));
  }

  /**
   * The smallest dataset the context allows, alone or between empty files, and the largest input;
   * shards of one byte, of about the dataset's size and of the largest size.
   */
  @Test
  void packedDatasetsReadBackAtTheEdges() throws IOException {
    List<List<Integer>> smallest =
        List.of(
            List.of(SMALLEST_DATASET),
            List.of(0, SMALLEST_DATASET, 0),
            List.of(0, 0, 0, 0, SMALLEST_DATASET));
    for (List<Integer> sizes : smallest) {
      for (int shardSize : List.of(1, 2, SMALLEST_DATASET - 1, SMALLEST_DATASET, 3000)) {
        assertPackedDatasetReadsBack(sizes, shardSize, 0);
      }
    }
    for (int shardSize : List.of(2999, 3000)) {
      assertPackedDatasetReadsBack(Collections.nCopies(5, 5000), shardSize, Long.MAX_VALUE);
    }
  }

  private static void assertPackedDatasetReadsBack(List<Integer> sizes, int shardSize, long seed)
      throws IOException {
    int total = total(sizes);
    try (DatasetFixture fixture = new DatasetFixture().seed(seed).sizes(sizes)) {
      List<Path> inputs = fixture.inputs();
      PackReport report =
          new DatasetPacker(PackOptions.defaults(CONTEXT).withShardSize(shardSize))
              .pack(inputs, fixture.output());

      LoadedDataset loaded = DatasetReader.withDefaultLimits().read(fixture.output());

      assertThat(loaded.tokens()).isEqualTo(Bytes.wrap(DatasetFixture.concatenation(inputs)));
      assertThat(loaded.manifest()).isEqualTo(report.manifest());
      assertThat(report.manifest().shards()).hasSize((total + shardSize - 1) / shardSize);
      assertThat(report.manifest().validationBytes())
          .isEqualTo(DatasetManifest.defaultValidationBytes(total, CONTEXT));
    }
  }

  private static int total(List<Integer> sizes) {
    return sizes.stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void shouldStoreIdenticalShardsOnce() throws IOException {
    try (DatasetFixture fixture = new DatasetFixture()) {
      Path input = fixture.root.resolve("repeated.txt");
      Files.write(input, "abcd".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

      PackReport report =
          new DatasetPacker(PackOptions.defaults(CONTEXT).withShardSize(400))
              .pack(List.of(input), fixture.output());

      assertThat(report.manifest().shards()).hasSize(10);
      try (Stream<Path> files = Files.list(DatasetLayout.shards(fixture.output()))) {
        assertThat(files).hasSize(1);
      }
      assertThat(DatasetReader.withDefaultLimits().read(fixture.output()).tokens().size())
          .isEqualTo(4000);
    }
  }

  @Test
  void shouldUseAnExplicitHoldout() {
    try (DatasetFixture fixture = new DatasetFixture()) {
      PackReport report =
          new DatasetPacker(PackOptions.defaults(CONTEXT).withValidationBytes(0))
              .pack(fixture.inputs(), fixture.output());

      assertThat(report.manifest().validationBytes()).isZero();
      assertThat(report.manifest().shards()).hasSize(1);
    }
  }

  @Test
  void shouldRefuseEmptyInput() {
    try (DatasetFixture fixture = new DatasetFixture().sizes(List.of(0, 0))) {
      DatasetPacker packer = new DatasetPacker(PackOptions.defaults(CONTEXT));

      assertReason(
          () -> packer.pack(List.of(), fixture.output()), DatasetException.Reason.EMPTY_INPUT);
      assertReason(
          () -> packer.pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.EMPTY_INPUT);
      assertThat(fixture.output()).doesNotExist();
    }
  }

  @Test
  void shouldRefuseMissingInput() {
    try (DatasetFixture fixture = new DatasetFixture()) {
      Path missing = fixture.root.resolve("missing.txt");

      assertThatThrownBy(
              () ->
                  new DatasetPacker(PackOptions.defaults(CONTEXT))
                      .pack(List.of(missing), fixture.output()))
          .isInstanceOfSatisfying(
              DatasetException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(DatasetException.Reason.INPUT_UNREADABLE);
                assertThat(e.file()).isEqualTo(missing);
                assertThat(e.getMessage()).contains(missing.toString());
              });
    }
  }

  @Test
  void shouldRefuseToOverwriteADataset() {
    try (DatasetFixture fixture = new DatasetFixture()) {
      DatasetPacker packer = new DatasetPacker(PackOptions.defaults(CONTEXT));
      packer.pack(fixture.inputs(), fixture.output());

      assertReason(
          () -> packer.pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.OUTPUT_EXISTS);
    }
  }

  @Test
  void shouldRefuseADatasetTooSmallForTheContext() {
    try (DatasetFixture fixture = new DatasetFixture().sizes(List.of(100))) {
      assertReason(
          () ->
              new DatasetPacker(PackOptions.defaults(64)).pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.TOO_SMALL);
      assertReason(
          () ->
              new DatasetPacker(PackOptions.defaults(8).withValidationBytes(100))
                  .pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.TOO_SMALL);
    }
  }

  @Test
  void shouldRefuseInputsBeyondTheLimits() {
    try (DatasetFixture fixture = new DatasetFixture()) {
      assertReason(
          () ->
              new DatasetPacker(
                      PackOptions.defaults(CONTEXT)
                          .withShardSize(100)
                          .withLimits(new DatasetLimits(10, 100, 1 << 20)))
                  .pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.TOO_LARGE);
      assertReason(
          () ->
              new DatasetPacker(
                      PackOptions.defaults(CONTEXT)
                          .withLimits(new DatasetLimits(10, 1 << 20, 7000)))
                  .pack(fixture.inputs(), fixture.output()),
          DatasetException.Reason.TOO_LARGE);
    }
  }

  @Test
  void shouldRejectInvalidOptions() {
    assertThatThrownBy(() -> PackOptions.defaults(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackOptions.defaults(8).withShardSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackOptions.defaults(8).withValidationBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, DatasetException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DatasetException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
