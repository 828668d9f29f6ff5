package org.polyculture.storage.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.DecodeError.Reason;
import org.polyculture.engine.state.DecodeResult;

class RunMetadataTest {

  private final RunMetadata metadata =
      new RunMetadata(
          "micro", NamedConfig.MICRO.config(), 99L, Bytes32.repeat((byte) 1), "/tmp/dataset");

  @Test
  void shouldRoundTrip() {
    qt().withExamples(100)
        .forAll(
            strings().betweenCodePoints(0x20, 0x2FFF).ofLengthBetween(0, 40),
            strings().betweenCodePoints(0x20, 0x7E).ofLengthBetween(0, 200),
            longs().all())
        .checkAssert(
            (name, location, seed) -> {
              RunMetadata original =
                  new RunMetadata(name, NamedConfig.NANO.config(), seed, Bytes32.ZERO, location);
              assertThat(RunMetadata.decode(original.encode()).value()).isEqualTo(original);
            });
  }

  @Test
  void shouldRefuseStringsThatUtf8CannotCarry() {
    assertThatThrownBy(
            () ->
                new RunMetadata(
                    "\uD800", NamedConfig.NANO.config(), 1, Bytes32.ZERO, "/tmp/dataset"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectOrChangeOnAnyByteFlip() {
    int size = metadata.encode().size();
    qt().withExamples(300)
        .forAll(integers().between(0, size - 1), integers().between(1, 255))
        .checkAssert(
            (position, flip) -> {
              byte[] bytes = metadata.encode().toArray();
              bytes[position] ^= (byte) (int) flip;
              DecodeResult<RunMetadata> decoded = RunMetadata.decode(Bytes.wrap(bytes));
              if (decoded.isValid()) {
                assertThat(decoded.value()).isNotEqualTo(metadata);
              }
            });
  }

  @Test
  void shouldReportTruncationAtEveryShorterLength() {
    Bytes encoded = metadata.encode();
    for (int length = 8; length < encoded.size(); length++) {
      assertThat(RunMetadata.decode(encoded.slice(0, length)).error().orElseThrow().reason())
          .as("length %d", length)
          .isEqualTo(Reason.TRUNCATED);
    }
  }
}
