package org.polyculture.app.devnet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Where the commons stands: segments claimed, committed, audited (summed over verifiers), final,
 * voided; disputes open and resolved; slashes and what they took.
 */
public record DevnetStatus(
    long claimed,
    long committed,
    long audited,
    long finalized,
    long rewarded,
    long voided,
    long openDisputes,
    long resolvedDisputes,
    int slashes,
    BigInteger slashedTotal) {

  static DevnetStatus of(CommonsTally tally, long audited) {
    BigInteger slashed =
        tally.slashes().stream()
            .map(CommonsTally.Slash::amount)
            .reduce(BigInteger.ZERO, BigInteger::add);
    long open = tally.openDisputes();
    return new DevnetStatus(
        tally.claimed(),
        tally.committed(),
        audited,
        tally.finalized(),
        tally.rewarded(),
        tally.voided(),
        open,
        tally.disputes().size() - open,
        tally.slashes().size(),
        slashed);
  }

  /** One progress line: {@code segments claimed 3, committed 3, audited 9, final 1 | ...}. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "segments claimed %d, committed %d, audited %d, final %d, rewarded %d, voided %d"
            + " | disputes open %d, resolved %d | slashes %d (%s POLY)",
        claimed,
        committed,
        audited,
        finalized,
        rewarded,
        voided,
        openDisputes,
        resolvedDisputes,
        slashes,
        poly(slashedTotal));
  }

  /** A token amount in POLY, with up to 4 decimals. */
  public static String poly(BigInteger baseUnits) {
    return new BigDecimal(baseUnits)
        .movePointLeft(18)
        .setScale(4, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }
}
