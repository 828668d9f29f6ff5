package org.polyculture.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tuweni.bytes.Bytes;

/** A {@link KeyValueStorage} held in memory; for tests and throwaway nodes. Thread-safe. */
public final class InMemoryKeyValueStorage implements KeyValueStorage {

  private final Map<Column, NavigableMap<Bytes, Bytes>> columns = new HashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private boolean closed;

  @Override
  public synchronized Optional<Bytes> get(Column column, Bytes key) {
    requireOpen();
    return Optional.ofNullable(column(column).get(key));
  }

  @Override
  public synchronized List<KeyValue> scan(Column column, Bytes prefix, Bytes from, int limit) {
    requireOpen();
    List<KeyValue> result = new ArrayList<>();
    for (Map.Entry<Bytes, Bytes> entry : column(column).tailMap(from, true).entrySet()) {
      if (result.size() >= limit || !entry.getKey().commonPrefix(prefix).equals(prefix)) {
        break;
      }
      result.add(new KeyValue(entry.getKey(), entry.getValue()));
    }
    return result;
  }

  @Override
  public KeyValueTransaction begin() {
    requireOpen();
    writeLock.lock();
    return new Transaction();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private NavigableMap<Bytes, Bytes> column(Column column) {
    return columns.computeIfAbsent(column, c -> new TreeMap<>(Bytes::compareTo));
  }

  private void requireOpen() {
    if (closed) {
      throw new StorageException("storage is closed");
    }
  }

  private final class Transaction implements KeyValueTransaction {
    private final Map<Column, Map<Bytes, Optional<Bytes>>> pending = new HashMap<>();
    private boolean finished;

    @Override
    public void put(Column column, Bytes key, Bytes value) {
      requireActive();
      pending
          .computeIfAbsent(column, c -> new HashMap<>())
          .put(key.copy(), Optional.of(value.copy()));
    }

    @Override
    public void remove(Column column, Bytes key) {
      requireActive();
      pending.computeIfAbsent(column, c -> new HashMap<>()).put(key.copy(), Optional.empty());
    }

    @Override
    public void commit() {
      requireActive();
      synchronized (InMemoryKeyValueStorage.this) {
        requireOpen();
        pending.forEach(
            (column, writes) ->
                writes.forEach(
                    (key, value) -> {
                      if (value.isPresent()) {
                        column(column).put(key, value.get());
                      } else {
                        column(column).remove(key);
                      }
                    }));
      }
      finish();
    }

    @Override
    public void close() {
      if (!finished) {
        finish();
      }
    }

    private void finish() {
      finished = true;
      pending.clear();
      writeLock.unlock();
    }

    private void requireActive() {
      if (finished) {
        throw new IllegalStateException("transaction already committed or closed");
      }
    }
  }
}
