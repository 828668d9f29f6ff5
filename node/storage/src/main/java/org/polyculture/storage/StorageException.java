package org.polyculture.storage;

/** Failing infrastructure underneath a storage (disk full, corrupt environment, closed store). */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
