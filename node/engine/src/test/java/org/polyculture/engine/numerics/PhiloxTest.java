package org.polyculture.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhiloxTest {

  /** One line of the known-answer file: counter, key and the expected block. */
  private record KnownAnswer(int[] counter, int[] key, Philox.Block expected) {}

  @Test
  void shouldMatchEveryRandom123KnownAnswerVector() throws IOException {
    List<KnownAnswer> answers = knownAnswers();

    assertThat(answers).hasSize(55);
    for (KnownAnswer answer : answers) {
      int[] c = answer.counter();
      Philox.Block block =
          Philox.philox4x32x10(c[0], c[1], c[2], c[3], answer.key()[0], answer.key()[1]);
      assertThat(block).as("counter %s", hex(c)).isEqualTo(answer.expected());
    }
  }

  @Test
  void shouldMapSeedStepPurposeAndIndexOntoKeyAndCounterWords() {
    long seed = 0x299F31D0_A4093822L;
    long index = 0x85A308D3_243F6A88L;

    Philox.Block block = Philox.block(seed, 0x13198A2EL, RandomPurpose.INIT, index);

    assertThat(block)
        .isEqualTo(
            Philox.philox4x32x10(0x243F6A88, 0x85A308D3, 0x13198A2E, 1, 0xA4093822, 0x299F31D0));
  }

  @Test
  void shouldGiveDifferentBlocksForEachPurpose() {
    Philox.Block init = Philox.block(7, 3, RandomPurpose.INIT, 11);
    Philox.Block batch = Philox.block(7, 3, RandomPurpose.BATCH, 11);
    Philox.Block sample = Philox.block(7, 3, RandomPurpose.SAMPLE, 11);

    assertThat(init).isNotEqualTo(batch).isNotEqualTo(sample);
    assertThat(batch).isNotEqualTo(sample);
    assertThat(RandomPurpose.INIT.code()).isEqualTo(1);
    assertThat(RandomPurpose.BATCH.code()).isEqualTo(2);
    assertThat(RandomPurpose.SAMPLE.code()).isEqualTo(3);
  }

  @Test
  void shouldAcceptTheLargest32BitStepAndRejectLarger() {
    assertThat(Philox.block(1, Philox.MAX_STEP, RandomPurpose.BATCH, 0))
        .isEqualTo(Philox.philox4x32x10(0, 0, 0xFFFFFFFF, 2, 1, 0));
    assertThatThrownBy(() -> Philox.block(1, Philox.MAX_STEP + 1, RandomPurpose.BATCH, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step");
    assertThatThrownBy(() -> Philox.block(1, -1, RandomPurpose.BATCH, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMapWordsOntoExactUniformFloats() {
    assertThat(Philox.uniform24(0)).isEqualTo(0.0f);
    assertThat(Philox.uniform24(0xFF)).isEqualTo(0.0f);
    assertThat(Philox.uniform24(0x100)).isEqualTo(0x1p-24f);
    assertThat(Philox.uniform24(0x80000000)).isEqualTo(0.5f);
    assertThat(Philox.uniform24(0xFFFFFFFF)).isEqualTo(1.0f - 0x1p-24f);

    assertThat(Philox.uniformPositive24(0)).isEqualTo(0x1p-24f);
    assertThat(Philox.uniformPositive24(0x7FFFFFFF)).isEqualTo(0.5f);
    assertThat(Philox.uniformPositive24(0xFFFFFFFF)).isEqualTo(1.0f);
  }

  @Test
  void shouldJoinTwoWordsIntoAnUnsigned64BitValue() {
    assertThat(Philox.u64(0xFFFFFFFF, 0)).isEqualTo(0xFFFF_FFFFL);
    assertThat(Philox.u64(0, 1)).isEqualTo(1L << 32);
    assertThat(Philox.u64(0x89ABCDEF, 0x01234567)).isEqualTo(0x01234567_89ABCDEFL);
    assertThat(Long.toUnsignedString(Philox.u64(0xFFFFFFFF, 0xFFFFFFFF)))
        .isEqualTo("18446744073709551615");
  }

  private static List<KnownAnswer> knownAnswers() throws IOException {
    try (InputStream in = PhiloxTest.class.getResourceAsStream("/golden/philox4x32-10-kat.txt")) {
      assertThat(in).as("known-answer resource").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(PhiloxTest::parse)
          .toList();
    }
  }

  private static KnownAnswer parse(String line) {
    String[] f = line.trim().split("\\s+");
    int[] w = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      w[i] = Integer.parseUnsignedInt(f[i], 16);
    }
    return new KnownAnswer(
        new int[] {w[0], w[1], w[2], w[3]},
        new int[] {w[4], w[5]},
        new Philox.Block(w[6], w[7], w[8], w[9]));
  }

  private static String hex(int[] words) {
    StringBuilder s = new StringBuilder();
    for (int w : words) {
      s.append(String.format("%08x ", w));
    }
    return s.toString().trim();
  }
}
