package org.polyculture.governance.index;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;

/**
 * A write transaction that reads back its own writes: projections of one window read records that
 * earlier logs of the same window wrote.
 */
public final class PendingWrites {

  private static final Optional<Bytes> REMOVED = Optional.empty();

  private final KeyValueStorage storage;
  private final KeyValueTransaction transaction;
  private final Map<Column, Map<Bytes, Optional<Bytes>>> written = new HashMap<>();

  public PendingWrites(KeyValueStorage storage, KeyValueTransaction transaction) {
    this.storage = storage;
    this.transaction = transaction;
  }

  public void put(Column column, Bytes key, Bytes value) {
    transaction.put(column, key, value);
    written.computeIfAbsent(column, c -> new HashMap<>()).put(key, Optional.of(value));
  }

  public void remove(Column column, Bytes key) {
    transaction.remove(column, key);
    written.computeIfAbsent(column, c -> new HashMap<>()).put(key, REMOVED);
  }

  public Optional<Bytes> get(Column column, Bytes key) {
    Map<Bytes, Optional<Bytes>> pending = written.get(column);
    if (pending != null && pending.containsKey(key)) {
      return pending.get(key);
    }
    return storage.get(column, key);
  }
}
