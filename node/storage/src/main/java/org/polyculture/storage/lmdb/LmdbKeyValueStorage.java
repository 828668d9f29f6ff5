package org.polyculture.storage.lmdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.tuweni.bytes.Bytes;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyOrder;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.storage.StorageClosedException;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageException;
import org.polyculture.storage.StorageLockedException;

/**
 * A {@link KeyValueStorage} in an LMDB environment: one named database per {@link Column}, created
 * by the first transaction that writes to it. Reads run in short read-only transactions; a {@link
 * KeyValueTransaction} is one LMDB write transaction, so it is atomic and durable (synced on
 * commit). A killed process leaves the store consistent: LMDB never overwrites live pages, and a
 * stale lock file is reset on the next open.
 *
 * <p>One process holds a store at a time (a lock on {@code polyculture.lock} in the directory);
 * threads share it freely. lmdbjava stays behind this class; its failures become {@link
 * StorageException}s in {@link LmdbErrors}.
 */
public final class LmdbKeyValueStorage implements KeyValueStorage {

  static final String LOCK_FILE = "polyculture.lock";

  private final LmdbConfig config;
  private final LmdbErrors errors;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Env<byte[]> env;
  private final Map<Column, Dbi<byte[]>> columns = new ConcurrentHashMap<>();

  /** Held for reading by every call in flight and every open transaction; for writing by close. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  /** One write transaction at a time. */
  private final ReentrantLock writer = new ReentrantLock();

  private volatile boolean closed;
  private volatile LmdbTransaction active;

  private LmdbKeyValueStorage(
      LmdbConfig config, FileChannel lockChannel, FileLock lock, Env<byte[]> env) {
    this.config = config;
    this.errors = new LmdbErrors(config);
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.env = env;
  }

  /**
   * Opens (creating if needed) the store at {@code config.directory()}.
   *
   * @throws StorageLockedException if another process or instance holds it
   * @throws StorageCorruptException if the files there are not a usable LMDB store
   */
  public static LmdbKeyValueStorage open(LmdbConfig config) {
    Path directory = config.directory();
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel, directory);
      Env<byte[]> env = openEnv(config);
      LmdbKeyValueStorage storage = new LmdbKeyValueStorage(config, channel, lock, env);
      storage.openExistingColumns();
      return storage;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot open LMDB store " + directory + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StorageLockedException(
            "LMDB store " + directory + " is held by another process", null);
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      throw new StorageLockedException(
          "LMDB store " + directory + " is already open in this process", e);
    }
  }

  private static Env<byte[]> openEnv(LmdbConfig config) {
    LmdbErrors errors = new LmdbErrors(config);
    try {
      // MDB_NOTLS: read transactions are not tied to threads, so a thread with an open write
      // transaction can still read committed data.
      Env<byte[]> env =
          Env.create(ByteArrayProxy.PROXY_BA)
              .setMapSize(config.mapSize())
              .setMaxDbs(config.maxColumns())
              .open(config.directory().toFile(), EnvFlags.MDB_NOTLS);
      // Slots of readers from a killed process would otherwise pin old pages.
      env.readerCheck();
      return env;
    } catch (LmdbException e) {
      throw errors.translate(e, "opening");
    }
  }

  private void openExistingColumns() {
    try {
      for (byte[] name : env.getDbiNames()) {
        String text = new String(name, StandardCharsets.UTF_8);
        Column column;
        try {
          column = new Column(text);
        } catch (IllegalArgumentException e) {
          throw new StorageCorruptException(
              "LMDB store "
                  + config.directory()
                  + " holds a database '"
                  + text
                  + "' that is not a column of this program",
              e);
        }
        columns.put(column, env.openDbi(name));
      }
    } catch (LmdbException e) {
      env.close();
      throw errors.translate(e, "opening columns");
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  public LmdbConfig config() {
    return config;
  }

  @Override
  public Optional<Bytes> get(Column column, Bytes key) {
    KeyOrder.checkKey(key);
    return read(
        column,
        "reading " + column.name(),
        Optional.empty(),
        (dbi, txn) -> Optional.ofNullable(dbi.get(txn, key.toArrayUnsafe())).map(Bytes::wrap));
  }

  @Override
  public List<KeyValue> scan(Column column, Bytes prefix, Bytes from, int limit) {
    KeyOrder.checkScan(prefix, from, limit);
    if (limit == 0) {
      return List.of();
    }
    return read(
        column,
        "scanning " + column.name(),
        List.of(),
        (dbi, txn) -> {
          List<KeyValue> result = new ArrayList<>();
          Bytes start = KeyOrder.scanStart(prefix, from);
          try (Cursor<byte[]> cursor = dbi.openCursor(txn)) {
            // LMDB has no empty key to seek to; an empty start is the first key.
            boolean found =
                start.isEmpty() ? cursor.first() : cursor.get(start.toArray(), GetOp.MDB_SET_RANGE);
            while (found && result.size() < limit) {
              Bytes key = Bytes.wrap(cursor.key());
              if (!KeyOrder.hasPrefix(key, prefix)) {
                break;
              }
              result.add(new KeyValue(key, Bytes.wrap(cursor.val())));
              found = cursor.next();
            }
          }
          return List.copyOf(result);
        });
  }

  private <T> T read(Column column, String operation, T absent, ReadBody<T> body) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      Dbi<byte[]> dbi = columns.get(column);
      if (dbi == null) {
        return absent;
      }
      try (Txn<byte[]> txn = env.txnRead()) {
        return body.apply(dbi, txn);
      } catch (LmdbException e) {
        throw errors.translate(e, operation);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @FunctionalInterface
  private interface ReadBody<T> {
    T apply(Dbi<byte[]> dbi, Txn<byte[]> txn);
  }

  @Override
  public KeyValueTransaction begin() {
    if (writer.isHeldByCurrentThread()) {
      throw new IllegalStateException("this thread already has an open transaction");
    }
    lifecycle.readLock().lock();
    boolean started = false;
    try {
      requireOpen();
      writer.lock();
      try {
        requireOpen();
        Txn<byte[]> txn;
        try {
          txn = env.txnWrite();
        } catch (LmdbException e) {
          throw errors.translate(e, "beginning a transaction");
        }
        active = new LmdbTransaction(txn);
        started = true;
        return active;
      } finally {
        if (!started) {
          writer.unlock();
        }
      }
    } finally {
      if (!started) {
        lifecycle.readLock().unlock();
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LmdbTransaction own = active;
    if (own != null && writer.isHeldByCurrentThread()) {
      own.close();
    }
    lifecycle.writeLock().lock();
    try {
      env.close();
    } finally {
      lifecycle.writeLock().unlock();
      try {
        lock.release();
      } catch (IOException e) {
        // The channel's close below releases it too.
      }
      closeQuietly(lockChannel);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new StorageClosedException("LMDB store " + config.directory() + " is closed");
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }

  /** One LMDB write transaction, holding the writer lock and a lifecycle read hold until done. */
  private final class LmdbTransaction implements KeyValueTransaction {
    private final Txn<byte[]> txn;
    private final Thread owner = Thread.currentThread();

    /** Columns this transaction created; their handles become shared only if it commits. */
    private final Map<Column, Dbi<byte[]>> created = new HashMap<>();

    private boolean finished;

    private LmdbTransaction(Txn<byte[]> txn) {
      this.txn = txn;
    }

    @Override
    public void put(Column column, Bytes key, Bytes value) {
      KeyOrder.checkKey(key);
      requireActive();
      write(
          "writing " + column.name(),
          () -> {
            Dbi<byte[]> dbi = columnForWrite(column);
            dbi.put(txn, key.toArrayUnsafe(), value.toArrayUnsafe());
          });
    }

    @Override
    public void remove(Column column, Bytes key) {
      KeyOrder.checkKey(key);
      requireActive();
      Optional<Dbi<byte[]>> dbi = existingColumn(column);
      if (dbi.isPresent()) {
        write(
            "removing from " + column.name(),
            () -> {
              dbi.get().delete(txn, key.toArrayUnsafe());
            });
      }
    }

    @Override
    public void commit() {
      requireActive();
      write("committing", txn::commit);
      columns.putAll(created);
      finish();
    }

    @Override
    public void close() {
      if (finished || Thread.currentThread() != owner) {
        return;
      }
      try {
        txn.abort();
      } catch (LmdbException e) {
        throw errors.translate(e, "discarding a transaction");
      } finally {
        finish();
      }
    }

    private Dbi<byte[]> columnForWrite(Column column) {
      return existingColumn(column)
          .orElseGet(
              () -> {
                byte[] name = column.name().getBytes(StandardCharsets.UTF_8);
                Dbi<byte[]> dbi = env.openDbi(txn, name, null, false, DbiFlags.MDB_CREATE);
                created.put(column, dbi);
                return dbi;
              });
    }

    private Optional<Dbi<byte[]>> existingColumn(Column column) {
      Dbi<byte[]> dbi = columns.get(column);
      return Optional.ofNullable(dbi != null ? dbi : created.get(column));
    }

    /** Runs a write; on failure LMDB's transaction is unusable, so it is discarded at once. */
    private void write(String operation, Runnable action) {
      try {
        action.run();
      } catch (LmdbException e) {
        StorageException translated = errors.translate(e, operation);
        abortAfterFailure();
        throw translated;
      }
    }

    private void abortAfterFailure() {
      try {
        txn.close();
      } catch (LmdbException e) {
        // The transaction is already gone; the original failure is what matters.
      } finally {
        finish();
      }
    }

    private void finish() {
      finished = true;
      created.clear();
      active = null;
      writer.unlock();
      lifecycle.readLock().unlock();
    }

    private void requireActive() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a transaction is used only by the thread that began it");
      }
      if (closed) {
        throw new StorageClosedException("LMDB store " + config.directory() + " is closed");
      }
      if (finished) {
        throw new IllegalStateException("transaction already committed or closed");
      }
    }
  }
}
