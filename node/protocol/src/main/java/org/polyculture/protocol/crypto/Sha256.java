package org.polyculture.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** SHA-256 (FIPS 180-4) from the JDK, which every Java platform must provide. */
public final class Sha256 {

  private Sha256() {}

  public static Bytes32 hash(Bytes input) {
    MessageDigest digest = newDigest();
    input.update(digest);
    return Bytes32.wrap(digest.digest());
  }

  /** A fresh incremental SHA-256 digest, for hashing input that arrives in pieces. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
