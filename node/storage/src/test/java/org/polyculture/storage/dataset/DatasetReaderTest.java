package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.storage.dataset.DatasetFixture.uncheckedIo;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;

class DatasetReaderTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReportAMissingManifest() {
    try (DatasetFixture fixture = new DatasetFixture()) {
      assertFailure(
          fixture.root,
          DatasetException.Reason.MISSING_MANIFEST,
          DatasetLayout.manifest(fixture.root));
    }
  }

  @Test
  void shouldRejectMalformedManifests() throws IOException {
    try (DatasetFixture fixture = packed()) {
      Path file = DatasetLayout.manifest(fixture.output());
      String good = Files.readString(file);
      ObjectNode tree = (ObjectNode) JSON.readTree(good);

      List<String> malformed =
          List.of(
              "",
              "null",
              "[]",
              "{",
              good.substring(0, good.length() / 2),
              good + "{}",
              good.replace("\"formatVersion\"", "\"formatversion\""),
              good.replaceFirst("\\{", "{ \"extra\" : 1,"),
              good.replaceFirst("\\{", "{ \"totalSize\" : 1,"),
              good.replaceFirst("\"validationBytes\" : \\d+", "\"validationBytes\" : \"12\""),
              good.replaceFirst("\"validationBytes\" : \\d+", "\"validationBytes\" : 12.0"),
              good.replaceFirst("\"validationBytes\" : \\d+", "\"validationBytes\" : null"),
              good.replaceFirst("\"validationBytes\" : \\d+", "\"validationBytes\" : true"),
              good.replaceFirst(
                  "\"validationBytes\" : \\d+", "\"validationBytes\" : 99999999999999999999"),
              good.replaceFirst("\"index\" : 0", "\"index\" : 4294967296"),
              good.replaceFirst("\"index\" : 0", "\"index\" : 00"),
              good.replaceFirst("\"root\" : \"0x", "\"root\" : \"0X"),
              good.replaceFirst("\"root\" : \"0x[0-9a-f]", "\"root\" : \"0xA"),
              good.replaceFirst("\"root\" : \"0x[0-9a-f]{2}", "\"root\" : \"0x"),
              good.replaceFirst("\"root\" : \"0x[0-9a-f]{64}\"", "\"root\" : 5"),
              without(tree, "manifestHash"),
              without(tree, "shards"),
              tree.deepCopy().put("shards", "none").toString(),
              replaceShards(tree, shards -> shards.insertNull(0)),
              replaceShards(tree, shards -> ((ObjectNode) shards.get(0)).remove("sha256")));
      for (String text : malformed) {
        Files.writeString(file, text);
        assertFailure(fixture.output(), DatasetException.Reason.MALFORMED_MANIFEST, file);
      }
    }
  }

  @Test
  void shouldRejectAManifestOverTheSizeLimit() throws IOException {
    try (DatasetFixture fixture = packed()) {
      Path file = DatasetLayout.manifest(fixture.output());
      Files.write(file, new byte[DatasetManifestJson.MAX_MANIFEST_BYTES + 1]);

      assertFailure(fixture.output(), DatasetException.Reason.TOO_LARGE, file);
    }
  }

  @Test
  void shouldRejectDatasetsBeyondTheReadersLimits() {
    try (DatasetFixture fixture = packed()) {
      assertThatThrownBy(
              () ->
                  new DatasetReader(new DatasetLimits(2, 1 << 20, 1 << 30)).read(fixture.output()))
          .isInstanceOfSatisfying(
              DatasetException.class,
              e -> assertThat(e.reason()).isEqualTo(DatasetException.Reason.TOO_LARGE));
    }
  }

  @Test
  void shouldRejectAShardThatIsALink() throws IOException {
    try (DatasetFixture fixture = packed()) {
      DatasetManifest manifest = DatasetReader.withDefaultLimits().readManifest(fixture.output());
      Path shard = DatasetLayout.shard(fixture.output(), manifest.shards().get(1).sha256());
      Path elsewhere = fixture.root.resolve("elsewhere.bin");
      Files.move(shard, elsewhere);
      Files.createSymbolicLink(shard, elsewhere);

      assertFailure(fixture.output(), DatasetException.Reason.SHARD_MISSING, shard);
    }
  }

  @Test
  void corruptedShardByteIsDetected() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(integers().between(0, 1 << 20), integers().between(1, 255))
        .checkAssert(
            (pick, xor) ->
                uncheckedIo(() -> assertCorruptedShardByteIsDetected(pick, pick >>> 3, xor)));
  }

  /** The first and last byte of the first and the last (shorter) shard. */
  @Test
  void corruptedShardByteIsDetectedAtTheEdges() throws IOException {
    List<ShardEntry> shards = packedShards();
    for (int pick : List.of(0, shards.size() - 1)) {
      for (int position : List.of(0, (int) shards.get(pick).size() - 1)) {
        for (int xor : List.of(1, 0x80, 0xff)) {
          assertCorruptedShardByteIsDetected(pick, position, xor);
        }
      }
    }
  }

  @Test
  void shardOfTheWrongSizeIsDetected() {
    qt().withExamples(30)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(integers().between(0, 1 << 20), booleans().all())
        .checkAssert(
            (pick, truncate) ->
                uncheckedIo(
                    () -> assertShardOfTheWrongSizeIsDetected(pick, truncate, 1 + pick % 7)));
  }

  @Test
  void shardOfTheWrongSizeIsDetectedAtTheEdges() throws IOException {
    int last = packedShards().size() - 1;
    for (int pick : List.of(0, last)) {
      assertShardOfTheWrongSizeIsDetected(pick, true, 0);
      assertShardOfTheWrongSizeIsDetected(pick, false, 1);
      assertShardOfTheWrongSizeIsDetected(pick, false, 7);
    }
  }

  @Test
  void missingShardIsDetected() {
    qt().withExamples(10)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(integers().between(0, 1 << 20))
        .checkAssert(pick -> uncheckedIo(() -> assertMissingShardIsDetected(pick)));
  }

  @Test
  void missingShardIsDetectedForEveryShard() throws IOException {
    for (int pick = 0; pick < packedShards().size(); pick++) {
      assertMissingShardIsDetected(pick);
    }
  }

  /** Changing any one field of the manifest is caught, with the reason that field implies. */
  @Test
  void corruptedManifestFieldIsDetected() {
    qt().withExamples(120)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(integers().between(0, 8), integers().between(0, 1 << 20), integers().between(0, 62))
        .checkAssert(
            (field, pick, bit) ->
                uncheckedIo(() -> assertCorruptedManifestFieldIsDetected(field, pick, bit)));
  }

  @Test
  void corruptedManifestFieldIsDetectedAtTheEdges() throws IOException {
    int last = packedShards().size() - 1;
    for (int field = 0; field <= 8; field++) {
      for (int pick : List.of(0, last)) {
        for (int bit : List.of(0, 62)) {
          assertCorruptedManifestFieldIsDetected(field, pick, bit);
        }
      }
    }
  }

  /**
   * Any changed byte of manifest.json is caught, except one whitespace byte replaced by another,
   * which leaves the same manifest.
   */
  @Test
  void corruptedManifestByteIsDetected() {
    qt().withExamples(300)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(integers().between(0, 1 << 20), integers().between(1, 255))
        .checkAssert(
            (pick, xor) -> uncheckedIo(() -> assertCorruptedManifestByteIsDetected(pick, xor)));
  }

  /**
   * The first and last bytes of manifest.json; the last is a newline, which some changes turn into
   * other whitespace.
   */
  @Test
  void corruptedManifestByteIsDetectedAtTheEdges() throws IOException {
    int length;
    try (DatasetFixture fixture = packed()) {
      length = (int) Files.size(DatasetLayout.manifest(fixture.output()));
    }
    for (int position : List.of(0, 1, length - 2, length - 1)) {
      for (int xor : List.of(1, 3, 7, 0x2a, 0x80, 0xff)) {
        assertCorruptedManifestByteIsDetected(position, xor);
      }
    }
  }

  private static void assertCorruptedShardByteIsDetected(int pick, int position, int xor)
      throws IOException {
    try (DatasetFixture fixture = packed()) {
      ShardEntry shard = shard(fixture, pick);
      Path file = DatasetLayout.shard(fixture.output(), shard.sha256());
      byte[] bytes = Files.readAllBytes(file);
      bytes[position % bytes.length] ^= (byte) xor;
      Files.write(file, bytes);

      assertFailure(fixture.output(), DatasetException.Reason.SHARD_HASH_MISMATCH, file);
    }
  }

  private static void assertShardOfTheWrongSizeIsDetected(int pick, boolean truncate, int extra)
      throws IOException {
    try (DatasetFixture fixture = packed()) {
      ShardEntry shard = shard(fixture, pick);
      Path file = DatasetLayout.shard(fixture.output(), shard.sha256());
      byte[] bytes = Files.readAllBytes(file);
      Files.write(
          file,
          truncate
              ? Arrays.copyOf(bytes, bytes.length - 1)
              : Arrays.copyOf(bytes, bytes.length + extra));

      assertFailure(fixture.output(), DatasetException.Reason.SIZE_MISMATCH, file);
    }
  }

  private static void assertMissingShardIsDetected(int pick) throws IOException {
    try (DatasetFixture fixture = packed()) {
      Path file = DatasetLayout.shard(fixture.output(), shard(fixture, pick).sha256());
      Files.delete(file);

      assertFailure(fixture.output(), DatasetException.Reason.SHARD_MISSING, file);
    }
  }

  private static void assertCorruptedManifestFieldIsDetected(int field, int pick, int bit)
      throws IOException {
    try (DatasetFixture fixture = packed()) {
      Path file = DatasetLayout.manifest(fixture.output());
      ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(file));
      ArrayNode shards = (ArrayNode) tree.get("shards");
      ObjectNode shard = (ObjectNode) shards.get(pick % shards.size());
      DatasetException.Reason expected;
      switch (field) {
        case 0 -> {
          tree.put("formatVersion", 2 + pick);
          expected = DatasetException.Reason.UNSUPPORTED_VERSION;
        }
        case 1 -> {
          tree.put("totalSize", tree.get("totalSize").asLong() ^ (1L << bit));
          expected = DatasetException.Reason.SIZE_MISMATCH;
        }
        case 2 -> {
          // A holdout change that stays in range is caught by the manifest hash.
          long holdout = tree.get("validationBytes").asLong();
          long changed = holdout ^ (1L << (bit % 8));
          tree.put("validationBytes", changed);
          expected =
              changed < tree.get("totalSize").asLong()
                  ? DatasetException.Reason.MANIFEST_HASH_MISMATCH
                  : DatasetException.Reason.INVALID_MANIFEST;
        }
        case 3 -> {
          tree.put("root", flipHexDigit(tree.get("root").asText(), pick));
          expected = DatasetException.Reason.ROOT_MISMATCH;
        }
        case 4 -> {
          tree.put("manifestHash", flipHexDigit(tree.get("manifestHash").asText(), pick));
          expected = DatasetException.Reason.MANIFEST_HASH_MISMATCH;
        }
        case 5 -> {
          shard.put("index", shard.get("index").asInt() ^ (1 << (bit % 31)));
          expected = DatasetException.Reason.INVALID_MANIFEST;
        }
        case 6 -> {
          shard.put("sha256", flipHexDigit(shard.get("sha256").asText(), pick));
          expected = DatasetException.Reason.ROOT_MISMATCH;
        }
        case 7 -> {
          // Changing a shard size (with the total kept consistent) changes the root.
          long delta = 1 + (pick % 5);
          shard.put("size", shard.get("size").asLong() + delta);
          tree.put("totalSize", tree.get("totalSize").asLong() + delta);
          expected = DatasetException.Reason.ROOT_MISMATCH;
        }
        default -> {
          shard.put("size", shard.get("size").asLong() + 1);
          expected = DatasetException.Reason.SIZE_MISMATCH;
        }
      }
      Files.writeString(file, tree.toPrettyString());

      assertFailure(fixture.output(), expected, file);
    }
  }

  private static void assertCorruptedManifestByteIsDetected(int position, int xor)
      throws IOException {
    try (DatasetFixture fixture = packed()) {
      Path file = DatasetLayout.manifest(fixture.output());
      byte[] bytes = Files.readAllBytes(file);
      int at = position % bytes.length;
      byte before = bytes[at];
      bytes[at] ^= (byte) xor;
      Files.write(file, bytes);

      if (isJsonWhitespace(before) && isJsonWhitespace(bytes[at])) {
        assertThat(DatasetReader.withDefaultLimits().read(fixture.output()).tokens().size())
            .isEqualTo(7501);
      } else {
        assertThatThrownBy(() -> DatasetReader.withDefaultLimits().read(fixture.output()))
            .isInstanceOfSatisfying(
                DatasetException.class,
                e -> {
                  assertThat(e.file()).isEqualTo(file);
                  assertThat(e.getMessage()).startsWith(file.toString());
                });
      }
    }
  }

  private static boolean isJsonWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** The shards of the dataset {@link #packed()} makes. */
  private static List<ShardEntry> packedShards() {
    try (DatasetFixture fixture = packed()) {
      return DatasetReader.withDefaultLimits().readManifest(fixture.output()).shards();
    }
  }

  private static DatasetFixture packed() {
    DatasetFixture fixture = new DatasetFixture();
    new DatasetPacker(PackOptions.defaults(64).withShardSize(1024))
        .pack(fixture.inputs(), fixture.output());
    return fixture;
  }

  private static ShardEntry shard(DatasetFixture fixture, int pick) {
    List<ShardEntry> shards =
        DatasetReader.withDefaultLimits().readManifest(fixture.output()).shards();
    return shards.get(pick % shards.size());
  }

  private static String flipHexDigit(String hash, int pick) {
    int at = 2 + pick % 64;
    char c = hash.charAt(at);
    char replacement = c == '0' ? '1' : '0';
    return hash.substring(0, at) + replacement + hash.substring(at + 1);
  }

  private static String without(ObjectNode tree, String field) {
    ObjectNode copy = tree.deepCopy();
    copy.remove(field);
    return copy.toString();
  }

  private static String replaceShards(ObjectNode tree, Consumer<ArrayNode> change) {
    ObjectNode copy = tree.deepCopy();
    change.accept((ArrayNode) copy.get("shards"));
    return copy.toString();
  }

  private static void assertFailure(Path directory, DatasetException.Reason reason, Path file) {
    assertThatThrownBy(() -> DatasetReader.withDefaultLimits().read(directory))
        .isInstanceOfSatisfying(
            DatasetException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.getMessage()).contains(file.toString());
            });
  }

  static JsonNode parse(byte[] json) throws IOException {
    return JSON.readTree(new String(json, StandardCharsets.UTF_8));
  }
}
