package org.polyculture.worker.cheat;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.worker.Commitment;

/**
 * Does no work at all: commits a step root and end state made up from the segment's key (never
 * zero, so the ledger takes them).
 */
final class RandomHashes implements CheatStrategy {

  @Override
  public String name() {
    return "random-hashes";
  }

  @Override
  public boolean trains() {
    return false;
  }

  @Override
  public Commitment commitment(Commitment trained, CommitContext context) {
    Bytes seed =
        Bytes.concatenate(
            Bytes.wrap("polyculture.cheat.random-hashes".getBytes(StandardCharsets.US_ASCII)),
            context.key().encode());
    Bytes32 root = Keccak256.hash(Bytes.concatenate(seed, Bytes.of(1)));
    Bytes32 end = Keccak256.hash(Bytes.concatenate(seed, Bytes.of(2)));
    return new Commitment(trained.startStateHash(), root, end);
  }
}
