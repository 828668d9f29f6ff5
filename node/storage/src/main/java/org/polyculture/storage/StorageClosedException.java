package org.polyculture.storage;

/** The storage, or the transaction's storage, was closed. */
public class StorageClosedException extends StorageException {

  public StorageClosedException(String message) {
    super(message);
  }
}
