package org.polyculture.engine.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.TokenStream;

/** The fixed, human-written training text of the golden vectors (golden/text/README.md). */
public final class GoldenText {

  /** Bytes at the end of the text held out from training. */
  public static final int HELD_OUT = 1024;

  private GoldenText() {}

  public static Bytes bytes() {
    return Bytes.concatenate(resource("golden/text/goedel"), resource("golden/text/paradoxum"));
  }

  public static TokenStream stream() {
    Bytes bytes = bytes();
    return TokenStream.of(bytes, bytes.size() - HELD_OUT);
  }

  /** Stands in for a dataset root: the SHA-256 of the text. */
  public static Bytes32 root() {
    try {
      return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(bytes().toArrayUnsafe()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Bytes resource(String name) {
    try (InputStream in = GoldenText.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return Bytes.wrap(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
