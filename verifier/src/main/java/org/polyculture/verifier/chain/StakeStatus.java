package org.polyculture.verifier.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A verifier's standing in the jury pool after {@link VerifierChain#ensureVerifierStake}.
 *
 * @param bonded stake bonded now
 * @param stakedNow tokens this call added
 * @param registeredNow whether this call registered the verifier role
 * @param sufficient whether the bonded stake reaches the target
 */
public record StakeStatus(
    BigInteger bonded, BigInteger stakedNow, boolean registeredNow, boolean sufficient) {

  public StakeStatus {
    Objects.requireNonNull(bonded, "bonded");
    Objects.requireNonNull(stakedNow, "stakedNow");
  }
}
