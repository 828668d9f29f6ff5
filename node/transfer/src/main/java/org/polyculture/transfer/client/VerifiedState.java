package org.polyculture.transfer.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A state's canonical bytes on local disk, verified chunk by chunk against a tree that hashes to
 * {@code stateHash}. Decode it with {@code StateCodec.decode(readAll(), expectedConfig)}.
 */
public record VerifiedState(Bytes32 stateHash, long length, Path file) {

  /** The whole state in memory (states under 2 GiB). */
  public Bytes readAll() {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a state of " + length + " bytes does not fit one array");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != length) {
        throw new IllegalStateException(
            file + " changed on disk: " + bytes.length + " bytes, verified " + length);
      }
      return Bytes.wrap(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Removes the file (the state is no longer needed). */
  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
