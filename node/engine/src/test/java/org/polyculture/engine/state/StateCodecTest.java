package org.polyculture.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.state.TrainingStateFixture.aState;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeError.Reason;

class StateCodecTest {

  private final TrainingState state = aState().build();
  private final Bytes encoded = StateCodec.encode(state);

  @Test
  void shouldRoundTripAnyState() {
    qt().withExamples(50)
        .forAll(longs().all(), longs().all(), integers().between(0, 40))
        .checkAssert(
            (valuesSeed, jobSeed, nanEvery) -> {
              TrainingState original =
                  aState()
                      .values(valuesSeed)
                      .jobSeed(jobSeed)
                      .step(valuesSeed & 0xFFFFFFFFL)
                      .withNaNs(nanEvery)
                      .build();
              Bytes bytes = StateCodec.encode(original);
              DecodeResult<TrainingState> decoded = StateCodec.decode(bytes);
              assertThat(decoded.isValid()).isTrue();
              assertThat(decoded.value()).isEqualTo(original);
              assertThat(StateCodec.encode(decoded.value())).isEqualTo(bytes);
            });
  }

  @Test
  void shouldHaveTheDocumentedLength() {
    assertThat((long) encoded.size())
        .isEqualTo(StateCodec.encodedLength(state.config()))
        .isEqualTo(144 + 12 * state.config().parameterCount());
    assertThat(encoded.slice(0, 8)).isEqualTo(StateCodec.MAGIC);
  }

  @Test
  void shouldWriteEveryNaNAsTheCanonicalNaN() {
    TrainingState withNaNs = aState().withNaNs(5).build();
    Bytes bytes = StateCodec.encode(withNaNs);
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    int nans = 0;
    for (int offset = StateCodec.HEADER_LENGTH; offset < bytes.size(); offset += 4) {
      int bits = buffer.getInt(offset);
      if (Float.isNaN(Float.intBitsToFloat(bits))) {
        assertThat(bits).isEqualTo(0x7FC00000);
        nans++;
      }
    }
    assertThat(nans).isGreaterThan(0);
    DecodeResult<TrainingState> decoded = StateCodec.decode(bytes);
    assertThat(decoded.value()).isEqualTo(withNaNs);
  }

  @Test
  void shouldRejectANonCanonicalNaN() {
    byte[] bytes = encoded.toArray();
    ByteBuffer.wrap(bytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(StateCodec.HEADER_LENGTH + 8, 0x7FC00001);
    assertThat(reason(Bytes.wrap(bytes))).isEqualTo(Reason.NON_CANONICAL_NAN);
  }

  @Test
  void shouldRejectOrChangeTheStateOnAnyByteFlip() {
    qt().withExamples(300)
        .forAll(integers().between(0, encoded.size() - 1), integers().between(1, 255))
        .checkAssert(
            (position, flip) -> {
              byte[] bytes = encoded.toArray();
              bytes[position] ^= (byte) (int) flip;
              DecodeResult<TrainingState> decoded = StateCodec.decode(Bytes.wrap(bytes));
              if (decoded.isValid()) {
                assertThat(decoded.value()).isNotEqualTo(state);
                assertThat(StateCodec.encode(decoded.value())).isEqualTo(Bytes.wrap(bytes));
              }
            });
  }

  @Test
  void shouldRejectOrChangeTheStateOnAnyHeaderByteFlip() {
    for (int position = 0; position < StateCodec.HEADER_LENGTH; position++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bytes = encoded.toArray();
        bytes[position] ^= (byte) (1 << bit);
        DecodeResult<TrainingState> decoded = StateCodec.decode(Bytes.wrap(bytes));
        if (decoded.isValid()) {
          assertThat(decoded.value()).isNotEqualTo(state);
        }
      }
    }
  }

  @Test
  void shouldReportTruncationAtEveryShorterLength() {
    for (int length = 8; length < encoded.size(); length += 37) {
      assertThat(reason(encoded.slice(0, length)))
          .as("length %d", length)
          .isEqualTo(Reason.TRUNCATED);
    }
    assertThat(reason(encoded.slice(0, 3))).isEqualTo(Reason.TRUNCATED);
    assertThat(reason(Bytes.EMPTY)).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void shouldRejectTrailingBytes() {
    assertThat(reason(Bytes.concatenate(encoded, Bytes.of(0)))).isEqualTo(Reason.TRAILING_BYTES);
  }

  @Test
  void shouldRejectABadMagic() {
    byte[] bytes = encoded.toArray();
    bytes[0] = 'X';
    assertThat(reason(Bytes.wrap(bytes))).isEqualTo(Reason.BAD_MAGIC);
    assertThat(reason(Bytes.of('P', 'X'))).isEqualTo(Reason.BAD_MAGIC);
  }

  @Test
  void shouldRejectAnotherFormatOrSpecVersion() {
    assertThat(reason(withInt(8, 2))).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    assertThat(reason(withInt(12, 2))).isEqualTo(Reason.UNSUPPORTED_SPEC_VERSION);
    assertThat(reason(withInt(12, 0))).isEqualTo(Reason.UNSUPPORTED_SPEC_VERSION);
  }

  @Test
  void shouldRejectAnInvalidConfigOrAnUnexpectedOne() {
    // Byte 16 starts the config; its heads field (offset 16 + 16) set to 3 does not divide 8.
    assertThat(reason(withInt(16 + 16, 3))).isEqualTo(Reason.INVALID_CONFIG);
    ModelConfig other = state.config().toBuilder().weightDecay(0.0f).build();
    assertThat(StateCodec.decode(encoded, other).error().orElseThrow().reason())
        .isEqualTo(Reason.CONFIG_MISMATCH);
    assertThat(StateCodec.decode(encoded, state.config()).isValid()).isTrue();
  }

  @Test
  void shouldRejectAStepOutsideTheCounterRange() {
    byte[] bytes = encoded.toArray();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(120, 1L << 32);
    assertThat(reason(Bytes.wrap(bytes))).isEqualTo(Reason.INVALID_FIELD);
  }

  @Test
  void shouldRejectAValueCountThatDisagreesWithTheConfig() {
    byte[] bytes = encoded.toArray();
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(136, buffer.getLong(136) + 1);
    assertThat(reason(Bytes.wrap(bytes))).isEqualTo(Reason.INVALID_FIELD);
  }

  private Bytes withInt(int offset, int value) {
    byte[] bytes = encoded.toArray();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return Bytes.wrap(bytes);
  }

  private static Reason reason(Bytes bytes) {
    DecodeResult<TrainingState> decoded = StateCodec.decode(bytes);
    assertThat(decoded.isValid()).isFalse();
    return decoded.error().orElseThrow().reason();
  }
}
