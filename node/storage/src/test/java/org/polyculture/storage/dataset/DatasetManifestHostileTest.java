package org.polyculture.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ManifestRejection;
import org.polyculture.protocol.dataset.ShardEntry;

/**
 * Manifests come from peers and from disk: any bytes, any numbers in the right places, end in a
 * manifest that then validates (or is rejected with a reason), or in a {@link DatasetException};
 * never in another exception.
 */
class DatasetManifestHostileTest {

  private static final Path FILE = Path.of("manifest.json");

  /** Numbers a hostile manifest might put where sizes and indices go. */
  private static final List<String> NUMBERS =
      List.of(
          "-1",
          "0",
          "1",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775808",
          "1e309",
          "1.5",
          "\"7\"",
          "null",
          "[]",
          "{}",
          "true",
          "184467440737095516150");

  private final String valid =
      new String(
          DatasetManifestJson.write(
              DatasetManifest.of(
                  List.of(
                      ShardEntry.describing(0, Bytes.wrap(new byte[] {1, 2, 3})),
                      ShardEntry.describing(1, Bytes.wrap(new byte[] {4, 5}))),
                  1)),
          StandardCharsets.UTF_8);

  @Test
  void shouldParseOrRejectEveryByteMutationWithTheTypedError() {
    byte[] original = valid.getBytes(StandardCharsets.UTF_8);
    qt().withExamples(5_000)
        .forAll(
            lists().of(integers().between(0, original.length - 1)).ofSizeBetween(1, 6),
            integers().between(0, 255),
            integers().between(0, 2))
        .checkAssert(
            (positions, value, operation) -> {
              byte[] mutated = mutate(original, positions, (byte) value.intValue(), operation);
              assertParsedOrTypedRejection(mutated);
            });
  }

  @Test
  void shouldParseOrRejectHostileNumbersInEveryNumericField() {
    List<String> fields = List.of("formatVersion", "totalSize", "validationBytes", "index", "size");
    qt().withExamples(2_000)
        .forAll(
            integers().between(0, fields.size() - 1),
            integers().between(0, NUMBERS.size() - 1),
            integers().between(0, 1))
        .checkAssert(
            (field, number, occurrence) -> {
              String json =
                  replaceNumber(valid, fields.get(field), NUMBERS.get(number), occurrence);
              assertParsedOrTypedRejection(json.getBytes(StandardCharsets.UTF_8));
            });
  }

  @Test
  void shouldRejectDeepNestingLongStringsAndOversizedFilesWithoutReadingThem() {
    byte[] deep = ("{\"shards\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
    byte[] longString =
        valid.replaceFirst("\"root\" : \"", "\"root\" : \"" + "a".repeat(1 << 20)).getBytes();
    byte[] oversized = new byte[DatasetManifestJson.MAX_MANIFEST_BYTES + 1];

    for (byte[] hostile : List.of(deep, longString, oversized)) {
      assertThatThrownBy(() -> DatasetManifestJson.parse(hostile, FILE))
          .isInstanceOf(DatasetException.class);
    }
  }

  private static void assertParsedOrTypedRejection(byte[] json) {
    DatasetManifestJson.Parsed parsed;
    try {
      parsed = DatasetManifestJson.parse(json, FILE);
    } catch (DatasetException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    ValidationResult<ManifestRejection> validity =
        parsed.manifest().validate(DatasetLimits.DEFAULT);
    if (validity.isValid()) {
      assertThat(parsed.manifest().manifestHash()).isNotNull();
      assertThat(parsed.manifest().root()).isNotNull();
    }
  }

  private static byte[] mutate(
      byte[] original, List<Integer> positions, byte value, int operation) {
    byte[] bytes = original.clone();
    for (int position : positions) {
      switch (operation) {
        case 0 -> bytes[position] = value;
        case 1 -> bytes[position] ^= (byte) (1 << (value & 7));
        default -> {
          byte[] shorter = new byte[position];
          System.arraycopy(bytes, 0, shorter, 0, position);
          return shorter;
        }
      }
    }
    return bytes;
  }

  private static String replaceNumber(String json, String field, String number, int occurrence) {
    String key = "\"" + field + "\" : ";
    int at = json.indexOf(key);
    if (occurrence == 1 && at >= 0 && json.indexOf(key, at + 1) >= 0) {
      at = json.indexOf(key, at + 1);
    }
    int start = at + key.length();
    int end = start;
    while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '\n') {
      end++;
    }
    return json.substring(0, start) + number + json.substring(end);
  }
}
