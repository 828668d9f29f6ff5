package org.polyculture.transfer.server;

import org.apache.tuweni.bytes.Bytes;
import org.polyculture.transfer.ChunkTree;

/** A state a node can serve: its chunk tree and any of its chunks. */
public interface ServableState {

  ChunkTree tree();

  /** The bytes of chunk {@code index} ({@link ChunkTree#chunkLength} of them). */
  Bytes chunk(int index);
}
