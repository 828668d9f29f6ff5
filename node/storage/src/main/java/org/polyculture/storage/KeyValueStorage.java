package org.polyculture.storage;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * Durable, transactional key-value storage with named columns. Implementations: {@link
 * InMemoryKeyValueStorage} (tests, ephemeral nodes) and {@code LmdbKeyValueStorage}. Both pass the
 * same abstract contract test.
 *
 * <p>Keys are ordered by unsigned byte comparison. Writes happen only through a {@link
 * KeyValueTransaction}, which is atomic: after a crash either all of its writes are visible or
 * none.
 */
public interface KeyValueStorage extends AutoCloseable {

  Optional<Bytes> get(Column column, Bytes key);

  /**
   * Up to {@code limit} entries whose key starts with {@code prefix}, in key order, starting at the
   * first key {@code >= from} (use {@code prefix} itself to start at the beginning).
   */
  List<KeyValue> scan(Column column, Bytes prefix, Bytes from, int limit);

  /** Starts a write transaction. Only one may be open at a time per storage. */
  KeyValueTransaction begin();

  @Override
  void close();
}
