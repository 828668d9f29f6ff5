package org.polyculture.storage.checkpoint;

import org.polyculture.storage.StorageException;

/** The checkpoint store's own records (keys, hashes) are damaged: the run cannot be trusted. */
public final class CorruptCheckpointException extends StorageException {

  public CorruptCheckpointException(String message) {
    super(message);
  }
}
