package org.polyculture.storage;

/**
 * Failing infrastructure underneath a storage (disk full, corrupt environment, closed store).
 * Subclasses name the failures a caller may handle differently: {@link StorageFullException},
 * {@link StorageCorruptException}, {@link StorageClosedException}, {@link StorageLockedException}.
 */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
