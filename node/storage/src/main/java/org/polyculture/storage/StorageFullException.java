package org.polyculture.storage;

/**
 * A write did not fit: the store reached its configured size limit (LMDB's map size) or the disk is
 * full. The failed transaction is discarded; committed data stays readable.
 */
public class StorageFullException extends StorageException {

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
