package org.polyculture.protocol.dataset;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.protocol.crypto.Sha256;

/**
 * One shard of a dataset as its manifest lists it. Values are not checked here (a manifest read
 * from disk may hold anything); {@link DatasetManifest#validate} checks them.
 *
 * @param index position of the shard in the dataset's byte stream, from 0
 * @param sha256 SHA-256 of the shard's bytes
 * @param size number of bytes in the shard
 */
public record ShardEntry(int index, Bytes32 sha256, long size) {

  public ShardEntry {
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The entry describing {@code bytes} as shard {@code index}. */
  public static ShardEntry describing(int index, Bytes bytes) {
    return new ShardEntry(index, Sha256.hash(bytes), bytes.size());
  }

  /**
   * {@code abi.encode(uint32 index, bytes32 sha256, uint64 size)}: 96 bytes. Requires a
   * non-negative index and size.
   */
  public Bytes abiEncoded() {
    return AbiWords.encode(AbiWords.uint(index), sha256, AbiWords.uint(size));
  }

  /**
   * The Merkle leaf {@code keccak256(bytes.concat(keccak256(abi.encode(uint32 index, bytes32
   * sha256, uint64 size))))}.
   */
  public Bytes32 leaf() {
    return Keccak256.hash(Keccak256.hash(abiEncoded()));
  }
}
