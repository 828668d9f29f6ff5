package org.polyculture.governance.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Our EIP-712 digests against web3j's independent EIP-712 encoder, over the typed data we hand to
 * wallets: a wallet signing that JSON signs exactly the digest the relay checks.
 */
class TypedDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Eip712Domain GOVERNOR =
      new Eip712Domain("Polyculture Governor", "1", 1337, "0x" + "12".repeat(20));
  private static final Eip712Domain TOKEN =
      new Eip712Domain("Polyculture", "1", 31337, "0x" + "ab".repeat(20));

  @Test
  void shouldDigestBallotsAsWalletsDo() {
    qt().forAll(longs().all(), integers().between(0, 2), longs().between(0, Long.MAX_VALUE))
        .checkAssert(
            (id, support, nonce) -> {
              Ballot ballot =
                  new Ballot(
                      BigInteger.valueOf(id).shiftLeft(180).abs().add(BigInteger.valueOf(7)),
                      VoteSupport.ofCode(support).orElseThrow(),
                      "0x" + "5e".repeat(20),
                      BigInteger.valueOf(nonce));
              assertThat(ballot.digest(GOVERNOR))
                  .isEqualTo(walletDigest(TypedData.of(GOVERNOR, ballot)));
            });
  }

  @Test
  void shouldDigestDelegationsAsWalletsDo() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), longs().between(0, Long.MAX_VALUE))
        .checkAssert(
            (nonce, expiry) -> {
              Delegation delegation =
                  new Delegation(
                      "0x" + "c0".repeat(20),
                      BigInteger.valueOf(nonce),
                      BigInteger.valueOf(expiry));
              assertThat(delegation.digest(TOKEN))
                  .isEqualTo(walletDigest(TypedData.of(TOKEN, delegation)));
            });
  }

  @Test
  void shouldSeparateDomainsByEveryField() {
    Ballot ballot =
        new Ballot(BigInteger.ONE, VoteSupport.FOR, "0x" + "5e".repeat(20), BigInteger.ZERO);
    Bytes32 digest = ballot.digest(GOVERNOR);
    assertThat(ballot.digest(new Eip712Domain("Other", "1", 1337, GOVERNOR.verifyingContract())))
        .isNotEqualTo(digest);
    assertThat(
            ballot.digest(
                new Eip712Domain(GOVERNOR.name(), "2", 1337, GOVERNOR.verifyingContract())))
        .isNotEqualTo(digest);
    assertThat(
            ballot.digest(new Eip712Domain(GOVERNOR.name(), "1", 1, GOVERNOR.verifyingContract())))
        .isNotEqualTo(digest);
    assertThat(ballot.digest(new Eip712Domain(GOVERNOR.name(), "1", 1337, "0x" + "13".repeat(20))))
        .isNotEqualTo(digest);
  }

  private static Bytes32 walletDigest(Object typedData) {
    try {
      return Bytes32.wrap(
          new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
