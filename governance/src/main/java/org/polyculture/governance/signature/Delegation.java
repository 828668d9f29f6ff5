package org.polyculture.governance.signature;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The delegation a holder signs for the token's {@code delegateBySig}: OpenZeppelin Votes' {@code
 * Delegation(address delegatee,uint256 nonce,uint256 expiry)}. The signer is the delegator; the
 * nonce is its {@code token.nonces(delegator)}, and the signature is void after {@code expiry}
 * (seconds since the epoch, compared with the block time).
 */
public record Delegation(String delegatee, BigInteger nonce, BigInteger expiry) {

  public static final String TYPE = "Delegation(address delegatee,uint256 nonce,uint256 expiry)";

  static final Bytes32 TYPE_HASH = Eip712Domain.keccak(TYPE);

  public Delegation {
    delegatee = delegatee.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(expiry, "expiry");
  }

  public Bytes32 structHash() {
    return Keccak256.hash(
        Bytes.concatenate(
            TYPE_HASH, AbiWord.address(delegatee), AbiWord.uint(nonce), AbiWord.uint(expiry)));
  }

  /** What the delegator signs under the token's domain. */
  public Bytes32 digest(Eip712Domain token) {
    return token.digest(structHash());
  }
}
