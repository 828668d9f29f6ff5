package org.polyculture.chain.keys;

import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.WalletFile;

/**
 * Bounds on a keystore's key-derivation parameters and field shapes, checked before anything is
 * derived: a crafted file could otherwise ask scrypt for gigabytes or PBKDF2 for billions of
 * rounds, and hang or exhaust the node that loads it. The bounds admit what geth and Web3j write
 * (scrypt N up to 2^18 with r = 8, PBKDF2 with 262,144 rounds) with room to spare.
 */
final class KeystoreParameters {

  static final int MAX_SCRYPT_N = 1 << 20;
  static final int MAX_SCRYPT_R = 16;
  static final int MAX_SCRYPT_P = 16;

  /** scrypt needs 128 * r * N bytes. */
  static final long MAX_SCRYPT_MEMORY = 512L << 20;

  static final int MAX_PBKDF2_ROUNDS = 10_000_000;
  static final int DERIVED_KEY_LENGTH = 32;

  private static final Pattern IV = Pattern.compile("(0x)?[0-9a-fA-F]{32}");
  private static final Pattern BYTES32 = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
  private static final Pattern SALT = Pattern.compile("(0x)?([0-9a-fA-F]{2}){1,64}");

  private KeystoreParameters() {}

  /** What is wrong with the parameters, or empty when they are within bounds. */
  static Optional<String> problem(WalletFile.Crypto crypto) {
    if (!(crypto.getCipherparams().getIv() != null
        && IV.matcher(crypto.getCipherparams().getIv()).matches())) {
      return Optional.of("the cipher IV is not 16 bytes of hex");
    }
    if (!BYTES32.matcher(crypto.getCiphertext()).matches()
        || !BYTES32.matcher(crypto.getMac()).matches()) {
      return Optional.of("the ciphertext or MAC is not 32 bytes of hex");
    }
    return switch (crypto.getKdfparams()) {
      case WalletFile.ScryptKdfParams scrypt -> scryptProblem(scrypt);
      case WalletFile.Aes128CtrKdfParams pbkdf2 -> pbkdf2Problem(pbkdf2);
      default -> Optional.of("unknown key-derivation parameters");
    };
  }

  private static Optional<String> scryptProblem(WalletFile.ScryptKdfParams scrypt) {
    int n = scrypt.getN();
    if (n < 2 || n > MAX_SCRYPT_N || Integer.bitCount(n) != 1) {
      return Optional.of("scrypt N must be a power of two up to " + MAX_SCRYPT_N + ", not " + n);
    }
    if (scrypt.getR() < 1 || scrypt.getR() > MAX_SCRYPT_R) {
      return Optional.of("scrypt r must be in [1, " + MAX_SCRYPT_R + "], not " + scrypt.getR());
    }
    if (scrypt.getP() < 1 || scrypt.getP() > MAX_SCRYPT_P) {
      return Optional.of("scrypt p must be in [1, " + MAX_SCRYPT_P + "], not " + scrypt.getP());
    }
    if (128L * scrypt.getR() * n > MAX_SCRYPT_MEMORY) {
      return Optional.of("scrypt would need more than " + (MAX_SCRYPT_MEMORY >> 20) + " MiB");
    }
    return commonProblem(scrypt.getDklen(), scrypt.getSalt());
  }

  private static Optional<String> pbkdf2Problem(WalletFile.Aes128CtrKdfParams pbkdf2) {
    if (pbkdf2.getC() < 1 || pbkdf2.getC() > MAX_PBKDF2_ROUNDS) {
      return Optional.of(
          "PBKDF2 rounds must be in [1, " + MAX_PBKDF2_ROUNDS + "], not " + pbkdf2.getC());
    }
    if (!"hmac-sha256".equals(pbkdf2.getPrf())) {
      return Optional.of("PBKDF2 must use hmac-sha256");
    }
    return commonProblem(pbkdf2.getDklen(), pbkdf2.getSalt());
  }

  private static Optional<String> commonProblem(int dklen, String salt) {
    if (dklen != DERIVED_KEY_LENGTH) {
      return Optional.of("the derived key must be " + DERIVED_KEY_LENGTH + " bytes, not " + dklen);
    }
    if (salt == null || !SALT.matcher(salt).matches()) {
      return Optional.of("the salt is not 1 to 64 bytes of hex");
    }
    return Optional.empty();
  }
}
