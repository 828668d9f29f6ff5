package org.polyculture.storage;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * Durable, transactional key-value storage with named columns. Implementations: {@link
 * InMemoryKeyValueStorage} (tests, ephemeral nodes) and {@code LmdbKeyValueStorage}. Both pass the
 * same abstract contract test.
 *
 * <p>Keys have 1 to {@link #MAX_KEY_SIZE} bytes and are ordered by {@link KeyOrder} (unsigned
 * lexicographic). Values may be empty. Writes happen only through a {@link KeyValueTransaction},
 * which is atomic: after a crash either all of its writes are visible or none, and until it commits
 * none of them is visible to reads.
 *
 * <p>Failures of the storage itself are {@link StorageException}s; calls after {@link #close()}
 * throw {@link StorageClosedException}. Bad arguments (an empty key) are bugs and throw {@link
 * IllegalArgumentException}.
 */
public interface KeyValueStorage extends AutoCloseable {

  /** The longest key: LMDB's limit in its default build. */
  int MAX_KEY_SIZE = 511;

  Optional<Bytes> get(Column column, Bytes key);

  /**
   * Up to {@code limit} entries whose key starts with {@code prefix}, in key order, starting at the
   * first key {@code >= from} (use {@code prefix} itself, or an empty {@code from}, to start at the
   * beginning of the prefix). An empty {@code prefix} scans the whole column.
   */
  List<KeyValue> scan(Column column, Bytes prefix, Bytes from, int limit);

  /**
   * Starts a write transaction. Only one is open at a time per storage: a second caller waits until
   * the first commits or closes. A transaction belongs to the thread that began it; beginning a
   * second one on that thread is a bug ({@link IllegalStateException}).
   */
  KeyValueTransaction begin();

  /**
   * Closes the storage. From the moment it is called every new call, including a commit not yet
   * made, throws {@link StorageClosedException}. Reads in flight finish first; a transaction open
   * on the calling thread is discarded; one open on another thread is waited for (until that thread
   * closes it). Closing twice does nothing.
   */
  @Override
  void close();
}
