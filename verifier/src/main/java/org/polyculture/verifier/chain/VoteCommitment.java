package org.polyculture.verifier.chain;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The hash a juror commits: {@code keccak256(abi.encode(uint256 disputeId, address juror, uint8
 * vote, bytes32 salt))}, as DisputeManager checks it at reveal.
 */
public final class VoteCommitment {

  private VoteCommitment() {}

  public static Bytes32 of(BigInteger disputeId, String juror, Vote vote, Bytes32 salt) {
    Bytes address = Bytes.fromHexString(juror);
    if (address.size() != 20) {
      throw new IllegalArgumentException("not an address: " + juror);
    }
    return Keccak256.hash(
        AbiWords.encode(
            AbiWords.uint(disputeId.longValueExact()),
            Bytes32.leftPad(address),
            AbiWords.uint(vote.code()),
            salt));
  }
}
