package org.polyculture.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.numerics.Philox;
import org.polyculture.engine.numerics.RandomPurpose;

class BatchSamplerTest {

  private static final byte[] TEXT = new byte[5000];

  static {
    for (int i = 0; i < TEXT.length; i++) {
      TEXT[i] = (byte) (i * 7 + i / 13);
    }
  }

  private final TokenStream stream = TokenStream.of(Bytes.wrap(TEXT), 4000);

  @Test
  void shouldDrawWindowsInsideTheTrainingBytes() {
    qt().withExamples(200)
        .forAll(longs().all(), longs().between(0, 0xFFFFFFFFL))
        .checkAssert(
            (seed, step) -> {
              BatchSampler sampler = new BatchSampler(stream, seed, 4, 32);
              for (int row = 0; row < 4; row++) {
                assertThat(sampler.windowStart(step, row)).isBetween(0L, 4000L - 32 - 1);
              }
            });
  }

  @Test
  void shouldFollowTheSpecFormula() {
    qt().withExamples(100)
        .forAll(longs().all(), longs().between(0, 0xFFFFFFFFL), integers().between(0, 7))
        .checkAssert(
            (seed, step, row) -> {
              Philox.Block block = Philox.block(seed, step, RandomPurpose.BATCH, row);
              long u64 = ((long) block.w1() << 32) | (block.w0() & 0xFFFFFFFFL);
              assertThat(new BatchSampler(stream, seed, 8, 32).windowStart(step, row))
                  .isEqualTo(Long.remainderUnsigned(u64, 4000 - 32));
            });
  }

  @Test
  void shouldDeriveAnyStepsBatchWithoutHistory() {
    BatchSampler first = new BatchSampler(stream, 5, 4, 32);
    BatchSampler second = new BatchSampler(stream, 5, 4, 32);
    for (int t = 0; t < 50; t++) {
      first.sample(t);
    }
    assertThat(second.sample(49)).isEqualTo(first.sample(49));
    assertThat(first.sample(49)).isNotEqualTo(first.sample(48));
    assertThat(new BatchSampler(stream, 6, 4, 32).sample(49)).isNotEqualTo(first.sample(49));
  }

  @Test
  void shouldShiftTargetsByOneByte() {
    Batch batch = new BatchSampler(stream, 5, 2, 16).sample(3);
    int[] inputs = batch.inputs();
    int[] targets = batch.targets();
    long start = new BatchSampler(stream, 5, 2, 16).windowStart(3, 1);
    for (int i = 0; i < 16; i++) {
      assertThat(inputs[16 + i]).isEqualTo(TEXT[(int) start + i] & 0xFF);
      assertThat(targets[16 + i]).isEqualTo(TEXT[(int) start + i + 1] & 0xFF);
    }
  }

  @Test
  void shouldRefuseATrainingPartNoLongerThanTheContext() {
    assertThatThrownBy(() -> new BatchSampler(TokenStream.of(Bytes.wrap(TEXT), 32), 1, 1, 32))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
