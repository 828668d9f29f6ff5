package org.polyculture.governance.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.crypto.Keccak256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

class EcdsaSignatureTest {

  private static final BigInteger ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @Test
  void shouldRecoverTheSignerOfAnyDigest() {
    qt().forAll(longs().between(1, Long.MAX_VALUE), longs().all())
        .checkAssert(
            (secret, message) -> {
              Credentials key =
                  Credentials.create(
                      ECKeyPair.create(
                          BigInteger.valueOf(secret)
                              .shiftLeft(64)
                              .add(BigInteger.valueOf(secret))));
              Bytes32 digest = Keccak256.hash(Bytes.ofUnsignedLong(message));
              EcdsaSignature signature = EcdsaSignature.sign(digest, key);
              EcdsaSignature.Parsed parsed = EcdsaSignature.parse(signature.toHex());
              assertThat(parsed.signature()).contains(signature);
              assertThat(signature.isBy(digest, key.getAddress())).isTrue();
              assertThat(signature.isBy(Keccak256.hash(digest), key.getAddress())).isFalse();
            });
  }

  @Test
  void shouldRejectTheMalleableTwinOfASignature() {
    Credentials key = Credentials.create(ECKeyPair.create(BigInteger.valueOf(12345)));
    Bytes32 digest = Keccak256.hash(Bytes.of(1, 2, 3));
    EcdsaSignature signature = EcdsaSignature.sign(digest, key);
    Bytes32 highS =
        Bytes32.leftPad(
            Bytes.wrap(ORDER.subtract(signature.s().toUnsignedBigInteger()).toByteArray())
                .trimLeadingZeros());
    String twin =
        Bytes.concatenate(signature.r(), highS, Bytes.of(signature.v() == 27 ? 28 : 27))
            .toHexString();
    assertThat(EcdsaSignature.parse(twin).validation().invalidReason())
        .contains(EcdsaSignature.Rejection.HIGH_S);
  }

  @Test
  void shouldRejectWhatIsNotASignature() {
    String valid =
        EcdsaSignature.sign(Bytes32.ZERO, Credentials.create(ECKeyPair.create(BigInteger.TEN)))
            .toHex();
    assertThat(reason(null)).contains(EcdsaSignature.Rejection.NOT_HEX);
    assertThat(reason("0xzz")).contains(EcdsaSignature.Rejection.NOT_HEX);
    assertThat(reason(valid.substring(2))).contains(EcdsaSignature.Rejection.NOT_HEX);
    assertThat(reason(valid.substring(0, valid.length() - 2)))
        .contains(EcdsaSignature.Rejection.WRONG_LENGTH);
    assertThat(reason(valid + "00")).contains(EcdsaSignature.Rejection.WRONG_LENGTH);
    assertThat(reason(valid.substring(0, valid.length() - 2) + "1d"))
        .contains(EcdsaSignature.Rejection.BAD_V);
    assertThat(reason("0x" + "00".repeat(32) + valid.substring(66)))
        .contains(EcdsaSignature.Rejection.ZERO_COMPONENT);
  }

  @Test
  void shouldAcceptVAsZeroOrOneAsTheSameSignature() {
    Credentials key = Credentials.create(ECKeyPair.create(BigInteger.valueOf(99)));
    EcdsaSignature signature = EcdsaSignature.sign(Bytes32.ZERO, key);
    String compact =
        Bytes.concatenate(signature.r(), signature.s(), Bytes.of(signature.v() - 27)).toHexString();
    assertThat(EcdsaSignature.parse(compact).signature()).contains(signature);
  }

  private static java.util.Optional<EcdsaSignature.Rejection> reason(String hex) {
    return EcdsaSignature.parse(hex).validation().invalidReason();
  }
}
