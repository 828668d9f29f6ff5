package org.polyculture.storage;

import java.util.ArrayList;
import java.util.Arrays;
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
  private volatile boolean closed;
  private Transaction active;

  @Override
  public synchronized Optional<Bytes> get(Column column, Bytes key) {
    KeyOrder.checkKey(key);
    requireOpen();
    return Optional.ofNullable(column(column).get(key));
  }

  @Override
  public synchronized List<KeyValue> scan(Column column, Bytes prefix, Bytes from, int limit) {
    KeyOrder.checkScan(prefix, from, limit);
    requireOpen();
    List<KeyValue> result = new ArrayList<>();
    Bytes start = KeyOrder.scanStart(prefix, from);
    for (Map.Entry<Bytes, Bytes> entry : column(column).tailMap(start, true).entrySet()) {
      if (result.size() >= limit || !KeyOrder.hasPrefix(entry.getKey(), prefix)) {
        break;
      }
      result.add(new KeyValue(entry.getKey(), entry.getValue()));
    }
    return result;
  }

  @Override
  public KeyValueTransaction begin() {
    requireOpen();
    if (writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("this thread already has an open transaction");
    }
    writeLock.lock();
    synchronized (this) {
      if (closed) {
        writeLock.unlock();
        throw new StorageClosedException("storage is closed");
      }
      active = new Transaction();
      return active;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (writeLock.isHeldByCurrentThread()) {
      active.close();
    } else {
      // Waits for a transaction on another thread to end, as LMDB must.
      writeLock.lock();
      writeLock.unlock();
    }
  }

  private NavigableMap<Bytes, Bytes> column(Column column) {
    return columns.computeIfAbsent(column, c -> new TreeMap<>(KeyOrder.UNSIGNED_LEXICOGRAPHIC));
  }

  /** A copy the caller cannot change (Tuweni's {@code copy()} may share a wrapped array). */
  private static Bytes copy(Bytes bytes) {
    return Bytes.wrap(Arrays.copyOf(bytes.toArrayUnsafe(), bytes.size()));
  }

  private void requireOpen() {
    if (closed) {
      throw new StorageClosedException("storage is closed");
    }
  }

  private final class Transaction implements KeyValueTransaction {
    private final Map<Column, Map<Bytes, Optional<Bytes>>> pending = new HashMap<>();
    private final Thread owner = Thread.currentThread();
    private boolean finished;

    @Override
    public void put(Column column, Bytes key, Bytes value) {
      KeyOrder.checkKey(key);
      requireActive();
      pending
          .computeIfAbsent(column, c -> new HashMap<>())
          .put(copy(key), Optional.of(copy(value)));
    }

    @Override
    public void remove(Column column, Bytes key) {
      KeyOrder.checkKey(key);
      requireActive();
      pending.computeIfAbsent(column, c -> new HashMap<>()).put(copy(key), Optional.empty());
    }

    @Override
    public void commit() {
      requireActive();
      synchronized (InMemoryKeyValueStorage.this) {
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
      if (!finished && Thread.currentThread() == owner) {
        finish();
      }
    }

    private void finish() {
      finished = true;
      pending.clear();
      synchronized (InMemoryKeyValueStorage.this) {
        active = null;
      }
      writeLock.unlock();
    }

    private void requireActive() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a transaction is used only by the thread that began it");
      }
      if (closed) {
        throw new StorageClosedException("storage is closed");
      }
      if (finished) {
        throw new IllegalStateException("transaction already committed or closed");
      }
    }
  }
}
