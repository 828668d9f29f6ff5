package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;

class DatasetManifestJsonTest {

  private static final Path FILE = Path.of("manifest.json");

  @Property(tries = 200)
  void manifestRoundTripsThroughJson(@ForAll("manifests") DatasetManifest manifest) {
    byte[] json = DatasetManifestJson.write(manifest);

    DatasetManifestJson.Parsed parsed = DatasetManifestJson.parse(json, FILE);

    assertThat(parsed.manifest()).isEqualTo(manifest);
    assertThat(parsed.declaredManifestHash()).isEqualTo(manifest.manifestHash());
    assertThat(DatasetManifestJson.write(parsed.manifest())).isEqualTo(json);
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

  @Provide
  Arbitrary<DatasetManifest> manifests() {
    Arbitrary<Bytes32> hashes =
        Arbitraries.bytes().array(byte[].class).ofSize(32).map(Bytes32::wrap);
    Arbitrary<List<ShardEntry>> shards =
        Combinators.combine(
                hashes.list().ofMinSize(1).ofMaxSize(20),
                Arbitraries.longs().between(1, 1L << 26).list().ofSize(20))
            .as(
                (h, sizes) -> {
                  List<ShardEntry> list = new ArrayList<>();
                  for (int i = 0; i < h.size(); i++) {
                    list.add(new ShardEntry(i, h.get(i), sizes.get(i)));
                  }
                  return list;
                });
    return Combinators.combine(shards, Arbitraries.longs().between(0, 1000))
        .as(DatasetManifest::of);
  }
}
