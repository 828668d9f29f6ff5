package org.polyculture.engine.numerics;

/**
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3",
 * SC11), the counter-based generator of docs/numerics.md §4. Every random value of a step is a pure
 * function of {@code (seed, step, purpose, index)}: there is no generator state, so no thread count
 * or launch geometry can change a value.
 */
public final class Philox {

  /** The largest step that fits the 32-bit counter word. */
  public static final long MAX_STEP = 0xFFFF_FFFFL;

  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final int ROUNDS = 10;
  private static final float TWO_POW_MINUS_24 = 0x1p-24f;

  private Philox() {}

  /** The four output words of one Philox block. */
  public record Block(int w0, int w1, int w2, int w3) {}

  /**
   * The block for {@code index} of {@code purpose} at {@code step} of the job with {@code seed}:
   * key {@code (seed low 32, seed high 32)}, counter {@code (index low 32, index high 32, step,
   * purpose)}.
   */
  public static Block block(long seed, long step, RandomPurpose purpose, long index) {
    if (step < 0 || step > MAX_STEP) {
      throw new IllegalArgumentException("step must be in [0, 2^32), got " + step);
    }
    return philox4x32x10(
        (int) index,
        (int) (index >>> 32),
        (int) step,
        purpose.code(),
        (int) seed,
        (int) (seed >>> 32));
  }

  /** Ten Philox4x32 rounds of counter {@code (c0..c3)} under key {@code (k0, k1)}. */
  public static Block philox4x32x10(int c0, int c1, int c2, int c3, int k0, int k1) {
    for (int round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        k0 += W0;
        k1 += W1;
      }
      long product0 = (M0 & 0xFFFF_FFFFL) * (c0 & 0xFFFF_FFFFL);
      long product1 = (M1 & 0xFFFF_FFFFL) * (c2 & 0xFFFF_FFFFL);
      int hi0 = (int) (product0 >>> 32);
      int lo0 = (int) product0;
      int hi1 = (int) (product1 >>> 32);
      int lo1 = (int) product1;
      int next0 = hi1 ^ c1 ^ k0;
      int next2 = hi0 ^ c3 ^ k1;
      c0 = next0;
      c1 = lo1;
      c2 = next2;
      c3 = lo0;
    }
    return new Block(c0, c1, c2, c3);
  }

  /** {@code (w >>> 8) * 2^-24}: uniform in [0, 1), exact. */
  public static float uniform24(int w) {
    return (w >>> 8) * TWO_POW_MINUS_24;
  }

  /** {@code ((w >>> 8) + 1) * 2^-24}: uniform in (0, 1], exact. */
  public static float uniformPositive24(int w) {
    return ((w >>> 8) + 1) * TWO_POW_MINUS_24;
  }

  /** {@code w1 * 2^32 + w0} as an unsigned 64-bit value held in a long. */
  public static long u64(int w0, int w1) {
    return ((long) w1 << 32) | (w0 & 0xFFFF_FFFFL);
  }
}
