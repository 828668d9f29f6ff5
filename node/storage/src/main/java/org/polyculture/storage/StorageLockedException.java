package org.polyculture.storage;

/** Another process (or another open instance in this one) holds the store. */
public class StorageLockedException extends StorageException {

  public StorageLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
