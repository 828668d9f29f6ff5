package org.polyculture.storage.lmdb;

import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;
import org.polyculture.storage.StorageClosedException;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageException;
import org.polyculture.storage.StorageFullException;

/**
 * The one place where LMDB's failures become {@link StorageException}s, with a message that says
 * which store, what was being done and what to do about it.
 */
final class LmdbErrors {

  /** POSIX errno values LMDB passes through from the file system (Linux numbering). */
  private static final int EIO = 5;

  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;

  private final LmdbConfig config;

  LmdbErrors(LmdbConfig config) {
    this.config = config;
  }

  /** The storage exception for an LMDB failure while doing {@code operation}. */
  StorageException translate(LmdbException failure, String operation) {
    String where = operation + " in LMDB store " + config.directory();
    return switch (failure) {
      case Env.MapFullException e ->
          new StorageFullException(
              where
                  + " failed: the store is full (its map size of "
                  + config.mapSize()
                  + " bytes is used up); the transaction was discarded; reopen the store with a"
                  + " larger map size",
              e);
      case LmdbNativeException e when e.getResultCode() == ENOSPC || e.getResultCode() == EDQUOT ->
          new StorageFullException(
              where + " failed: the disk is full or over quota; the transaction was discarded", e);
      case LmdbNativeException.PageCorruptedException e -> corrupt(where, "a page is corrupted", e);
      case LmdbNativeException.PageNotFoundException e ->
          corrupt(where, "a page is missing (the file was truncated or damaged)", e);
      case LmdbNativeException.PanicException e ->
          corrupt(where, "LMDB hit a fatal error and the store must be reopened", e);
      case Env.FileInvalidException e -> corrupt(where, "the data file is not an LMDB file", e);
      case Env.VersionMismatchException e ->
          corrupt(where, "the data file was written by an incompatible LMDB version", e);
      case Dbi.IncompatibleException e ->
          corrupt(where, "a column was created with incompatible flags", e);
      case LmdbNativeException e when e.getResultCode() == EIO ->
          corrupt(where, "the disk reported an I/O error", e);
      case Txn.TxFullException e ->
          new StorageException(
              where + " failed: the transaction has too many changes; commit in smaller batches",
              e);
      case Dbi.DbFullException e ->
          new StorageException(
              where
                  + " failed: the store already has its maximum of "
                  + config.maxColumns()
                  + " columns",
              e);
      case Env.ReadersFullException e ->
          new StorageException(where + " failed: too many concurrent readers", e);
      case Env.AlreadyClosedException e -> new StorageClosedException(where + ": store is closed");
      default -> new StorageException(where + " failed: " + failure.getMessage(), failure);
    };
  }

  private static StorageCorruptException corrupt(String where, String what, LmdbException cause) {
    return new StorageCorruptException(where + " failed: " + what, cause);
  }
}
