package org.polyculture.governance.signature;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.ValidationResult;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A 65-byte secp256k1 signature {@code r ‖ s ‖ v} as OpenZeppelin's {@code ECDSA} accepts it:
 * {@code v} 27 or 28 and {@code s} in the lower half of the curve order (so nobody can flip a
 * signature into a second valid one). Wallets that write {@code v} as 0 or 1 are normalised to 27
 * or 28, which is the same signature.
 */
public record EcdsaSignature(Bytes32 r, Bytes32 s, int v) {

  /** secp256k1's order n, halved: the largest s OpenZeppelin accepts. */
  private static final BigInteger HALF_ORDER =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  public static final int LENGTH = 65;

  /** Why a signature was refused before any recovery. */
  public enum Rejection {
    NOT_HEX,
    WRONG_LENGTH,
    BAD_V,
    HIGH_S,
    ZERO_COMPONENT
  }

  /** Parses {@code 0x}-prefixed hex of 65 bytes. */
  public static Parsed parse(String hex) {
    if (hex == null || !hex.matches("0x[0-9a-fA-F]*")) {
      return Parsed.rejected(Rejection.NOT_HEX, "a signature is 0x-prefixed hex");
    }
    if (hex.length() != 2 + 2 * LENGTH) {
      return Parsed.rejected(
          Rejection.WRONG_LENGTH,
          "a signature is " + LENGTH + " bytes, not " + (hex.length() - 2) / 2);
    }
    Bytes bytes = Bytes.fromHexString(hex);
    Bytes32 r = Bytes32.wrap(bytes.slice(0, 32));
    Bytes32 s = Bytes32.wrap(bytes.slice(32, 32));
    int v = bytes.get(64) & 0xff;
    if (v == 0 || v == 1) {
      v += 27;
    }
    if (v != 27 && v != 28) {
      return Parsed.rejected(Rejection.BAD_V, "v must be 27 or 28, not " + v);
    }
    if (r.isZero() || s.isZero()) {
      return Parsed.rejected(Rejection.ZERO_COMPONENT, "r and s must not be zero");
    }
    if (s.toUnsignedBigInteger().compareTo(HALF_ORDER) > 0) {
      return Parsed.rejected(
          Rejection.HIGH_S, "s is in the upper half of the curve order (a malleable signature)");
    }
    return new Parsed(Optional.of(new EcdsaSignature(r, s, v)), ValidationResult.valid());
  }

  /** Signs {@code digest} as it is (no prefix): for tests and the devnet's demo accounts. */
  public static EcdsaSignature sign(Bytes32 digest, Credentials key) {
    Sign.SignatureData data = Sign.signMessage(digest.toArrayUnsafe(), key.getEcKeyPair(), false);
    return new EcdsaSignature(
        Bytes32.wrap(data.getR()), Bytes32.wrap(data.getS()), data.getV()[0] & 0xff);
  }

  /** The address whose key made this signature over {@code digest}, if any. */
  public Optional<String> recover(Bytes32 digest) {
    Sign.SignatureData data =
        new Sign.SignatureData((byte) v, r.toArrayUnsafe(), s.toArrayUnsafe());
    try {
      BigInteger publicKey = Sign.signedMessageHashToKey(digest.toArrayUnsafe(), data);
      return Optional.of(Numeric.prependHexPrefix(Keys.getAddress(publicKey)));
    } catch (SignatureException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether this signature over {@code digest} was made by {@code address}. */
  public boolean isBy(Bytes32 digest, String address) {
    return recover(digest).map(a -> a.equalsIgnoreCase(address)).orElse(false);
  }

  /** The 65 bytes {@code r ‖ s ‖ v}, as {@code castVoteBySig} takes them. */
  public Bytes bytes() {
    return Bytes.concatenate(r, s, Bytes.of(v));
  }

  public String toHex() {
    return bytes().toHexString().toLowerCase(Locale.ROOT);
  }

  /** A parse result: the signature, or why there is none. */
  public record Parsed(Optional<EcdsaSignature> signature, ValidationResult<Rejection> validation) {

    static Parsed rejected(Rejection reason, String message) {
      return new Parsed(Optional.empty(), ValidationResult.invalid(reason, message));
    }
  }
}
