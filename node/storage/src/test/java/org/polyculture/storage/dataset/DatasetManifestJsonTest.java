package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DatasetManifestJsonTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 1_000;

  private static final Path FILE = Path.of("manifest.json");

  /** Hashes whose hex text random bytes almost never give: leading zeros, and all {@code f}. */
  private static final List<Bytes32> EDGE_HASHES =
      List.of(
          Bytes32.ZERO,
          Bytes32.fromHexString("0x" + "00".repeat(31) + "01"),
          Bytes32.fromHexString("0x" + "ff".repeat(32)));

  @Test
  void manifestRoundTripsThroughJson() {
    qt().withExamples(200)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(manifests())
        .checkAssert(DatasetManifestJsonTest::assertRoundTripsThroughJson);
  }

  /**
   * The generator's extremes: one shard of one byte with a zero hash and no holdout, and 20 shards
   * of 64 MiB whose hashes have leading zero bytes or none, with the largest holdout.
   */
  @Test
  void manifestRoundTripsThroughJsonAtTheEdges() {
    List<ShardEntry> largest = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      largest.add(new ShardEntry(i, EDGE_HASHES.get(i % EDGE_HASHES.size()), 1L << 26));
    }

    assertRoundTripsThroughJson(DatasetManifest.of(List.of(new ShardEntry(0, Bytes32.ZERO, 1)), 0));
    assertRoundTripsThroughJson(DatasetManifest.of(largest, 1000));
  }

  @Test
  void writesTheDocumentedLayout() {
    DatasetManifest manifest = DatasetManifest.of(List.of(new ShardEntry(0, Bytes32.ZERO, 5)), 1);

    String text = new String(DatasetManifestJson.write(manifest), StandardCharsets.UTF_8);

    assertThat(text)
        .isEqualTo(
            "{\n"
                + "  \"formatVersion\" : 1,\n"
                + "  \"totalSize\" : 5,\n"
                + "  \"validationBytes\" : 1,\n"
                + "  \"root\" : \""
                + manifest.root().toHexString()
                + "\",\n"
                + "  \"manifestHash\" : \""
                + manifest.manifestHash().toHexString()
                + "\",\n"
                + "  \"shards\" : [\n"
                + "    {\n"
                + "      \"index\" : 0,\n"
                + "      \"size\" : 5,\n"
                + "      \"sha256\" : \"0x"
                + "00".repeat(32)
                + "\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n");
  }

  private static void assertRoundTripsThroughJson(DatasetManifest manifest) {
    byte[] json = DatasetManifestJson.write(manifest);

    DatasetManifestJson.Parsed parsed = DatasetManifestJson.parse(json, FILE);

    assertThat(parsed.manifest()).isEqualTo(manifest);
    assertThat(parsed.declaredManifestHash()).isEqualTo(manifest.manifestHash());
    assertThat(DatasetManifestJson.write(parsed.manifest())).isEqualTo(json);
  }

  /**
   * Manifests of 1 to 20 shards of 1 byte to 64 MiB and a holdout of up to 1000 bytes; one hash in
   * ten is an edge hash, whose hex text has leading zeros or is all {@code f}.
   */
  private static Gen<DatasetManifest> manifests() {
    Gen<Bytes32> hashes =
        Generate.byteArrays(
                Generate.constant(Bytes32.SIZE),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
            .map(bytes -> Bytes32.wrap(bytes))
            .mix(Generate.pick(EDGE_HASHES), 10);
    Gen<List<ShardEntry>> shards =
        lists()
            .of(hashes.zip(longs().between(1, 1L << 26), Pair::of))
            .ofSizeBetween(1, 20)
            .map(
                parts -> {
                  List<ShardEntry> list = new ArrayList<>();
                  for (int i = 0; i < parts.size(); i++) {
                    list.add(new ShardEntry(i, parts.get(i)._1, parts.get(i)._2));
                  }
                  return list;
                });
    return shards.zip(longs().between(0, 1000), DatasetManifest::of);
  }
}
