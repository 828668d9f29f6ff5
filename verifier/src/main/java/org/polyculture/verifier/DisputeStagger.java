package org.polyculture.verifier;

import java.math.BigInteger;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The rank of a verifier among those that find the same cheat: it waits that many blocks, and that
 * many stagger steps of time (VerifierSettings), once its audit found something, before it opens
 * the dispute. Verifiers that audit the same segment find a cheat in the same block; without a wait
 * each opens a dispute of its own (the devnet showed four for one bad segment), and all but the
 * first are moot, holding bonds and jury seats. The wait is drawn from the verifier's address and
 * the segment, so it differs between verifiers and between segments; the one with the shortest wait
 * disputes, and the others see its dispute on chain and leave the finding to it.
 */
public final class DisputeStagger {

  /** The highest rank: a short wait, far inside any challenge window. */
  public static final int MAX_RANK = 3;

  private DisputeStagger() {}

  /** The rank, 0 to MAX_RANK, of verifier {@code address} on segment {@code segment} of a job. */
  public static int rank(String address, BigInteger jobId, long segment) {
    Bytes input =
        Bytes.concatenate(
            Bytes.fromHexString(address.toLowerCase(Locale.ROOT)),
            Bytes.ofUnsignedLong(jobId.longValueExact()),
            Bytes.ofUnsignedLong(segment));
    return (Keccak256.hash(input).get(0) & 0xff) % (MAX_RANK + 1);
  }
}
