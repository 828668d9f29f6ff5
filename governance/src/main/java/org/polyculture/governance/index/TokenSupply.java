package org.polyculture.governance.index;

import java.math.BigInteger;

/**
 * The token's supply and the treasury's balance as indexed from transfers: the supply changes by
 * mints and burns (slashed stake is burned), the treasury by transfers to and from the timelock.
 */
public record TokenSupply(
    BigInteger totalSupply,
    BigInteger burned,
    BigInteger treasuryBalance,
    BigInteger treasuryInflow,
    BigInteger treasuryOutflow) {

  static final TokenSupply EMPTY =
      new TokenSupply(
          BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
}
