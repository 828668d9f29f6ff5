package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;

class DatasetPackerTest {

  private static final int CONTEXT = 64;

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

  @Property(tries = 30)
  void packedDatasetsReadBackToTheConcatenatedInputs(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 5000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 3000) int shardSize,
      @ForAll long seed)
      throws IOException {
    int total = sizes.stream().mapToInt(Integer::intValue).sum();
    Assume.that(total >= 2 * (CONTEXT + 1) + 1);
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
