package org.polyculture.protocol.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.protocol.ProtocolGenerators.EDGE_WORDS;
import static org.polyculture.protocol.ProtocolGenerators.bytes32;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.polyculture.protocol.ProtocolGenerators.longs;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.crypto.Keccak256;

class AuditSamplerTest {

  @Test
  void picksAreDistinctAndInRange() {
    qt().withExamples(300)
        .forAll(
            bytes32()
                .zip(
                    longs(0, 1L << 40),
                    longs(0, 1L << 20),
                    ints(1, 5000),
                    ints(1, 64),
                    AuditRequest::new))
        .checkAssert(AuditSamplerTest::assertPicksAreDistinctAndInRange);
  }

  @Test
  void picksAreDistinctAndInRangeAtTheEdges() {
    for (Bytes32 randomness : EDGE_WORDS) {
      for (long jobId : List.of(0L, 1L << 40)) {
        for (long segment : List.of(0L, 1L << 20)) {
          for (int segmentLength : List.of(1, 2, 63, 64, 65, 5000)) {
            for (int wanted : List.of(1, 2, 64)) {
              assertPicksAreDistinctAndInRange(
                  new AuditRequest(randomness, jobId, segment, segmentLength, wanted));
            }
          }
        }
      }
    }
  }

  @Test
  void picksAreDeterministicAndPrefixConsistent() {
    qt().withExamples(100)
        .forAll(bytes32(), longs(0, 1000), ints(16, 2000), ints(1, 15))
        .checkAssert(AuditSamplerTest::assertPicksAreDeterministicAndPrefixConsistent);
  }

  @Test
  void picksAreDeterministicAndPrefixConsistentAtTheEdges() {
    for (Bytes32 randomness : EDGE_WORDS) {
      for (long jobId : List.of(0L, 1000L)) {
        for (int segmentLength : List.of(16, 17, 2000)) {
          for (int k : List.of(1, 15)) {
            assertPicksAreDeterministicAndPrefixConsistent(randomness, jobId, segmentLength, k);
          }
        }
      }
    }
  }

  @Test
  void pickingEveryStepGivesAPermutation() {
    qt().withExamples(50)
        .forAll(bytes32(), ints(1, 300))
        .checkAssert(AuditSamplerTest::assertPickingEveryStepGivesAPermutation);
  }

  @Test
  void pickingEveryStepGivesAPermutationAtTheEdges() {
    for (Bytes32 randomness : EDGE_WORDS) {
      for (int length : List.of(1, 2, 3, 299, 300)) {
        assertPickingEveryStepGivesAPermutation(randomness, length);
      }
    }
  }

  @Test
  void picksDependOnEveryInput() {
    Bytes32 r = Keccak256.hash(Bytes.of(1));
    List<Integer> base = AuditSampler.pickOffsets(r, 7, 3, 1000, 8);

    assertThat(AuditSampler.pickOffsets(Keccak256.hash(Bytes.of(2)), 7, 3, 1000, 8))
        .isNotEqualTo(base);
    assertThat(AuditSampler.pickOffsets(r, 8, 3, 1000, 8)).isNotEqualTo(base);
    assertThat(AuditSampler.pickOffsets(r, 7, 4, 1000, 8)).isNotEqualTo(base);
    assertThat(AuditSampler.pickOffsets(r, 7, 3, 1001, 8)).isNotEqualTo(base);
  }

  @Test
  void followsTheDocumentedAlgorithm() {
    // The algorithm of docs/protocol.md written out again with BigInteger arithmetic throughout.
    Bytes32 randomness = Keccak256.hash(Bytes.of(42));
    long jobId = 5;
    long segment = 9;
    int length = 37;
    Bytes32 domain =
        Keccak256.hash(
            Bytes.wrap(
                "polyculture.audit-sample.v1"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    Bytes32 seed =
        Keccak256.hash(
            Bytes.concatenate(domain, randomness, word(jobId), word(segment), word(length)));
    BigInteger two256 = BigInteger.TWO.pow(256);
    BigInteger limit = two256.subtract(two256.mod(BigInteger.valueOf(length)));
    List<Integer> expected = new ArrayList<>();
    for (long j = 0; expected.size() < 10; j++) {
      BigInteger x = Keccak256.hash(Bytes.concatenate(seed, word(j))).toUnsignedBigInteger();
      if (x.compareTo(limit) < 0) {
        int offset = x.mod(BigInteger.valueOf(length)).intValue();
        if (!expected.contains(offset)) {
          expected.add(offset);
        }
      }
    }

    assertThat(AuditSampler.pickOffsets(randomness, jobId, segment, length, 10))
        .isEqualTo(expected);
  }

  @Test
  void singlePicksAreRoughlyUniform() {
    // 40,000 audits of a 20-step segment, one pick each, with randomness keccak256(i): a
    // chi-squared
    // statistic with 19 degrees of freedom above 43.8 has probability 0.001 for a uniform sampler.
    int length = 20;
    int draws = 40_000;
    long[] counts = new long[length];
    for (int i = 0; i < draws; i++) {
      Bytes32 randomness = Keccak256.hash(Bytes.ofUnsignedInt(i));
      counts[AuditSampler.pickOffsets(randomness, 1, 0, length, 1).get(0)]++;
    }
    double expected = (double) draws / length;
    double chiSquared = 0;
    for (long count : counts) {
      chiSquared += (count - expected) * (count - expected) / expected;
    }

    assertThat(chiSquared).isLessThan(43.8);
  }

  @Test
  void everyOffsetIsPickedAsOftenInMultiPicks() {
    // 5,000 audits picking 4 of 10 steps: each step should be picked 2,000 times (binomial with
    // sd about 35); allow 6 sd.
    int[] counts = new int[10];
    for (int i = 0; i < 5_000; i++) {
      for (int offset :
          AuditSampler.pickOffsets(Keccak256.hash(Bytes.ofUnsignedInt(i)), 2, 5, 10, 4)) {
        counts[offset]++;
      }
    }
    for (int count : counts) {
      assertThat(count).isBetween(2_000 - 210, 2_000 + 210);
    }
  }

  @Test
  void shouldRejectImpossibleRequests() {
    Bytes32 r = Bytes32.ZERO;
    assertThatThrownBy(() -> AuditSampler.pickOffsets(r, 1, 1, 10, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditSampler.pickOffsets(r, 1, 1, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditSampler.pickOffsets(r, 1, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditSampler.pickOffsets(r, -1, 1, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditSampler.pickOffsets(r, 1, 1, 5000, AuditSampler.MAX_PICKS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** One call to the sampler; {@code wanted} is capped at the segment length. */
  private record AuditRequest(
      Bytes32 randomness, long jobId, long segment, int segmentLength, int wanted) {}

  private static void assertPicksAreDistinctAndInRange(AuditRequest request) {
    int k = Math.min(request.wanted(), request.segmentLength());

    List<Integer> picks =
        AuditSampler.pickOffsets(
            request.randomness(), request.jobId(), request.segment(), request.segmentLength(), k);

    assertThat(picks).hasSize(k).doesNotHaveDuplicates();
    assertThat(picks).allSatisfy(p -> assertThat(p).isBetween(0, request.segmentLength() - 1));
  }

  private static void assertPicksAreDeterministicAndPrefixConsistent(
      Bytes32 randomness, long jobId, int segmentLength, int k) {
    List<Integer> picks = AuditSampler.pickOffsets(randomness, jobId, 3, segmentLength, k);

    assertThat(AuditSampler.pickOffsets(randomness, jobId, 3, segmentLength, k)).isEqualTo(picks);
    assertThat(AuditSampler.pickOffsets(randomness, jobId, 3, segmentLength, k + 1).subList(0, k))
        .isEqualTo(picks);
  }

  private static void assertPickingEveryStepGivesAPermutation(Bytes32 randomness, int length) {
    List<Integer> picks = AuditSampler.pickOffsets(randomness, 1, 1, length, length);

    assertThat(picks)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, length).boxed().toList());
  }

  private static Bytes32 word(long value) {
    return Bytes32.leftPad(Bytes.wrap(BigInteger.valueOf(value).toByteArray()));
  }
}
