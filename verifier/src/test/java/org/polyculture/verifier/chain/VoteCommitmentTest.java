package org.polyculture.verifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class VoteCommitmentTest {

  private static final String JUROR = "0x8ba1f109551bd432803012645ac136ddd64dba72";
  private static final Bytes32 SALT = Bytes32.fromHexString("0x" + "c3".repeat(32));

  @Test
  void shouldHashLikeAbiEncodeOfDisputeJurorVoteAndSalt() {
    String encoded =
        new DefaultFunctionEncoder()
            .encodeParameters(
                List.of(
                    new Uint256(BigInteger.valueOf(17)),
                    new Address(JUROR),
                    new Uint8(BigInteger.valueOf(2)),
                    new org.web3j.abi.datatypes.generated.Bytes32(SALT.toArray())));
    Bytes32 expected = Bytes32.wrap(Hash.sha3(Numeric.hexStringToByteArray(encoded)));

    assertThat(VoteCommitment.of(BigInteger.valueOf(17), JUROR, Vote.CHALLENGER_AT_FAULT, SALT))
        .isEqualTo(expected);
  }

  @Test
  void shouldDifferForEveryInput() {
    Bytes32 base = VoteCommitment.of(BigInteger.ONE, JUROR, Vote.WORKER_AT_FAULT, SALT);

    assertThat(VoteCommitment.of(BigInteger.TWO, JUROR, Vote.WORKER_AT_FAULT, SALT))
        .isNotEqualTo(base);
    assertThat(VoteCommitment.of(BigInteger.ONE, JUROR, Vote.CHALLENGER_AT_FAULT, SALT))
        .isNotEqualTo(base);
    assertThat(VoteCommitment.of(BigInteger.ONE, JUROR, Vote.WORKER_AT_FAULT, Bytes32.ZERO))
        .isNotEqualTo(base);
    assertThat(
            VoteCommitment.of(
                BigInteger.ONE,
                "0x0000000000000000000000000000000000000001",
                Vote.WORKER_AT_FAULT,
                SALT))
        .isNotEqualTo(base);
  }
}
