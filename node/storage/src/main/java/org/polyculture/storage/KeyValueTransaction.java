package org.polyculture.storage;

import org.apache.tuweni.bytes.Bytes;

/** An atomic batch of writes; discarded unless {@link #commit()} is called. */
public interface KeyValueTransaction extends AutoCloseable {

  void put(Column column, Bytes key, Bytes value);

  void remove(Column column, Bytes key);

  void commit();

  /** Discards the writes if not committed. */
  @Override
  void close();
}
