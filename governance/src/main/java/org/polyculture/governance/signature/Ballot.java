package org.polyculture.governance.signature;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The vote a holder signs for {@code castVoteBySig}: OpenZeppelin Governor's {@code Ballot(uint256
 * proposalId,uint8 support,address voter,uint256 nonce)}. The nonce is the voter's current {@code
 * governor.nonces(voter)}, so a signature is good for one vote only.
 */
public record Ballot(BigInteger proposalId, VoteSupport support, String voter, BigInteger nonce) {

  public static final String TYPE =
      "Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)";

  static final Bytes32 TYPE_HASH = Eip712Domain.keccak(TYPE);

  public Ballot {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(support, "support");
    Objects.requireNonNull(nonce, "nonce");
    voter = voter.toLowerCase(Locale.ROOT);
  }

  public Bytes32 structHash() {
    return Keccak256.hash(
        Bytes.concatenate(
            TYPE_HASH,
            AbiWord.uint(proposalId),
            AbiWord.uint(BigInteger.valueOf(support.code())),
            AbiWord.address(voter),
            AbiWord.uint(nonce)));
  }

  /** What the voter signs under the governor's domain. */
  public Bytes32 digest(Eip712Domain governor) {
    return governor.digest(structHash());
  }
}
