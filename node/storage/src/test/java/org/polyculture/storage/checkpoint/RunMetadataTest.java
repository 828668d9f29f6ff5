package org.polyculture.storage.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
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

  @Property(tries = 100)
  void shouldRoundTrip(
      @ForAll @StringLength(max = 40) @AlphaChars @Chars({'-', '.', 'é', '語'}) String name,
      @ForAll @StringLength(max = 200) @AlphaChars @Chars({'/', ' ', 'ß'}) String location,
      @ForAll long seed) {
    RunMetadata original =
        new RunMetadata(name, NamedConfig.NANO.config(), seed, Bytes32.ZERO, location);
    DecodeResult<RunMetadata> decoded = RunMetadata.decode(original.encode());
    assertThat(decoded.value()).isEqualTo(original);
  }

  @Test
  void shouldRefuseStringsThatUtf8CannotCarry() {
    assertThatThrownBy(
            () ->
                new RunMetadata(
                    "\uD800", NamedConfig.NANO.config(), 1, Bytes32.ZERO, "/tmp/dataset"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void shouldRejectOrChangeOnAnyByteFlip(
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] bytes = metadata.encode().toArray();
    bytes[where % bytes.length] ^= (byte) flip;
    DecodeResult<RunMetadata> decoded = RunMetadata.decode(Bytes.wrap(bytes));
    if (decoded.isValid()) {
      assertThat(decoded.value()).isNotEqualTo(metadata);
    }
  }

  @Property(tries = 50)
  void shouldReportTruncation(@ForAll @IntRange(min = 8, max = 10_000) int length) {
    Bytes encoded = metadata.encode();
    Bytes truncated = encoded.slice(0, length % encoded.size());
    if (truncated.size() >= 8) {
      assertThat(RunMetadata.decode(truncated).error().orElseThrow().reason())
          .isEqualTo(Reason.TRUNCATED);
    }
  }
}
