package org.polyculture.storage;

/** The stored files are damaged, of an incompatible format, or not a store at all. */
public class StorageCorruptException extends StorageException {

  public StorageCorruptException(String message) {
    super(message);
  }

  public StorageCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
