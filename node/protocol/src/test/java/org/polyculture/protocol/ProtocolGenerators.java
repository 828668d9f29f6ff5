package org.polyculture.protocol;

import java.util.List;
import java.util.TreeSet;
import org.apache.tuweni.bytes.Bytes32;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators for protocol values, shared by the property tests.
 *
 * <p>Uniform random draws almost never land on the ends of a range or on words such as zero, so
 * each generator here mixes such edge values into its random ones. QuickTheories itself also starts
 * every property with the all-minimum and all-maximum draws.
 */
public final class ProtocolGenerators {

  /**
   * Words random bytes almost never produce: zero, all ones, and a top bit set alone in the first
   * or the last byte (which a signed byte comparison orders wrongly).
   */
  public static final List<Bytes32> EDGE_WORDS =
      List.of(
          Bytes32.ZERO,
          word("ff".repeat(32)),
          word("80" + "00".repeat(31)),
          word("7f" + "ff".repeat(31)),
          word("00".repeat(31) + "01"),
          word("00".repeat(31) + "80"));

  /** Share of draws, in percent, taken from the edge values instead of the random ones. */
  private static final int EDGE_PERCENT = 10;

  /** Share of list sizes, in percent, taken from the edge sizes. */
  private static final int EDGE_SIZE_PERCENT = 25;

  private ProtocolGenerators() {}

  /** Random 32-byte words, with {@link #EDGE_WORDS} mixed in. */
  public static Gen<Bytes32> bytes32() {
    Gen<Bytes32> random =
        Generate.byteArrays(
                Generate.constant(Bytes32.SIZE),
                SourceDSL.integers().between(0, 255).map(value -> value.byteValue()))
            .map(bytes -> Bytes32.wrap(bytes));
    return random.mix(Generate.pick(EDGE_WORDS), EDGE_PERCENT);
  }

  /** Integers in {@code [min, max]}, with the two values at each end mixed in. */
  public static Gen<Integer> ints(int min, int max) {
    List<Integer> ends = ends(min, max).stream().map(Long::intValue).toList();
    return SourceDSL.integers().between(min, max).mix(Generate.pick(ends), EDGE_PERCENT);
  }

  /** Longs in {@code [min, max]}, with the two values at each end mixed in. */
  public static Gen<Long> longs(long min, long max) {
    return SourceDSL.longs().between(min, max).mix(Generate.pick(ends(min, max)), EDGE_PERCENT);
  }

  /**
   * Lists of {@code minSize..maxSize} elements. Sizes at the bounds and at and just past powers of
   * two, where a Merkle tree changes shape, come up more often than uniformly.
   */
  public static <T> Gen<List<T>> lists(Gen<T> elements, int minSize, int maxSize) {
    TreeSet<Integer> edges = new TreeSet<>();
    ends(minSize, maxSize).forEach(end -> edges.add(end.intValue()));
    for (int power = 1; power > 0 && power <= maxSize; power <<= 1) {
      for (int size = power; size <= power + 1; size++) {
        if (size >= minSize && size <= maxSize) {
          edges.add(size);
        }
      }
    }
    Gen<Integer> sizes =
        SourceDSL.integers()
            .between(minSize, maxSize)
            .mix(Generate.pick(List.copyOf(edges)), EDGE_SIZE_PERCENT);
    return SourceDSL.lists().of(elements).ofSizes(sizes);
  }

  /** {@code word} with bit {@code bit} (0..255) flipped. */
  public static Bytes32 flipBit(Bytes32 word, int bit) {
    byte[] bytes = word.toArray();
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    return Bytes32.wrap(bytes);
  }

  private static List<Long> ends(long min, long max) {
    TreeSet<Long> ends = new TreeSet<>();
    ends.add(min);
    ends.add(max);
    if (min < max) {
      ends.add(min + 1);
      ends.add(max - 1);
    }
    return List.copyOf(ends);
  }

  private static Bytes32 word(String hex) {
    return Bytes32.fromHexString("0x" + hex);
  }
}
