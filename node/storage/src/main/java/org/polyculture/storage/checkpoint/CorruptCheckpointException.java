package org.polyculture.storage.checkpoint;

import org.polyculture.storage.StorageCorruptException;

/** The checkpoint store's own records (keys, hashes) are damaged: the run cannot be trusted. */
public final class CorruptCheckpointException extends StorageCorruptException {

  public CorruptCheckpointException(String message) {
    super(message);
  }
}
