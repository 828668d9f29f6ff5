package org.polyculture.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.state.TrainingStateFixture.aState;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeError.Reason;

/**
 * Checkpoint bytes from a disk or a peer are hostile: whatever they are, decoding ends in a valid
 * state or a typed rejection, never another exception, and never allocates more than the input
 * justifies (a header cannot make the decoder reserve memory for a state it does not carry).
 */
class StateCodecHostileTest {

  private static final int CONFIG_OFFSET = StateCodec.MAGIC.size() + 8;
  private final Bytes encoded = StateCodec.encode(aState().build());

  @Test
  void shouldAnswerArbitraryBytesWithAResultNeverAnException() {
    qt().withExamples(3_000)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 600), integers().all())
        .checkAssert(
            (values, prefixChoice) -> {
              Bytes body = bytesOf(values);
              // A third plain garbage, a third behind the magic, a third behind a real header.
              Bytes input =
                  switch (Math.floorMod(prefixChoice, 3)) {
                    case 0 -> body;
                    case 1 -> Bytes.concatenate(StateCodec.MAGIC, body);
                    default -> Bytes.concatenate(encoded.slice(0, StateCodec.HEADER_LENGTH), body);
                  };
              DecodeResult<TrainingState> result = StateCodec.decode(input);
              if (result.isValid()) {
                assertThat(StateCodec.encode(result.value())).isEqualTo(input);
              } else {
                assertThat(result.error()).isPresent();
              }
            });
  }

  @Test
  void shouldRejectAnyConfigFieldsWithoutReservingTheirMemory() {
    long[] worstAllocation = {0};
    qt().withExamples(2_000)
        .forAll(lists().of(integers().all()).ofSize(5), integers().between(0, 8))
        .checkAssert(
            (shape, trailingKib) -> {
              byte[] header = encoded.slice(0, StateCodec.HEADER_LENGTH).toArray();
              ByteBuffer fields =
                  ByteBuffer.wrap(header, CONFIG_OFFSET + 8, 20).order(ByteOrder.LITTLE_ENDIAN);
              // layers, channels, heads, context, batch
              shape.forEach(fields::putInt);
              Bytes input =
                  Bytes.concatenate(Bytes.wrap(header), Bytes.wrap(new byte[trailingKib << 10]));

              long before = allocatedBytes();
              DecodeResult<TrainingState> result = StateCodec.decode(input);
              long allocated = allocatedBytes() - before;

              worstAllocation[0] = Math.max(worstAllocation[0], allocated);
              assertThat(result.isValid()).isFalse();
              assertThat(result.error().orElseThrow().reason())
                  .isIn(
                      Reason.INVALID_CONFIG,
                      Reason.INVALID_FIELD,
                      Reason.TRUNCATED,
                      Reason.TRAILING_BYTES);
            });
    // The decoder copies the header and may copy the input: far below what a forged config
    // could ask for (gigabytes), and bounded by the input size.
    assertThat(worstAllocation[0]).isLessThan(4L << 20);
  }

  @Test
  void shouldRejectAConfigForAnotherShapeEvenWithTheRightLength() {
    ModelConfig other = aState().build().config().toBuilder().layers(2).build();
    DecodeResult<TrainingState> result = StateCodec.decode(encoded, other);

    assertThat(result.isValid()).isFalse();
    assertThat(result.error().orElseThrow().reason()).isEqualTo(Reason.CONFIG_MISMATCH);
  }

  private static Bytes bytesOf(List<Integer> values) {
    byte[] bytes = new byte[values.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = values.get(i).byteValue();
    }
    return Bytes.wrap(bytes);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
