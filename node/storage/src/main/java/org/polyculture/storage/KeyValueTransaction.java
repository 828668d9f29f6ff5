package org.polyculture.storage;

import org.apache.tuweni.bytes.Bytes;

/**
 * An atomic batch of writes; discarded unless {@link #commit()} is called. Used only by the thread
 * that began it. After {@link #commit()} or {@link #close()} every method but {@code close} throws
 * {@link IllegalStateException}; if the storage closed underneath it they throw {@link
 * StorageClosedException}.
 */
public interface KeyValueTransaction extends AutoCloseable {

  void put(Column column, Bytes key, Bytes value);

  /** Removes the key if present. */
  void remove(Column column, Bytes key);

  void commit();

  /** Discards the writes if not committed. */
  @Override
  void close();
}
