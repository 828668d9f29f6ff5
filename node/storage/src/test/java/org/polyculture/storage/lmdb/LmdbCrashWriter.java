package org.polyculture.storage.lmdb;

import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;

/**
 * Run in a child JVM by {@link LmdbKeyValueStorageTest}: commits some entries, then writes many
 * more in a transaction it never commits, says {@link #READY}, and waits to be killed.
 */
public final class LmdbCrashWriter {

  static final String READY = "READY";
  static final int COMMITTED = 50;
  static final Column COLUMN = new Column("crash");
  static final Column UNCOMMITTED_COLUMN = new Column("never-committed");

  private LmdbCrashWriter() {}

  static Bytes value(int i) {
    return Bytes.wrap(("value " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  public static void main(String[] args) throws InterruptedException {
    KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(Path.of(args[0])));
    try (KeyValueTransaction tx = storage.begin()) {
      for (int i = 0; i < COMMITTED; i++) {
        tx.put(COLUMN, Bytes.ofUnsignedInt(i), value(i));
      }
      tx.commit();
    }
    // Keep a read transaction's slot busy too, from another thread.
    Thread reader =
        new Thread(
            () -> {
              while (true) {
                storage.get(COLUMN, Bytes.ofUnsignedInt(0));
              }
            },
            "crash-reader");
    reader.setDaemon(true);
    reader.start();
    KeyValueTransaction open = storage.begin();
    for (int i = COMMITTED; i < COMMITTED + 20_000; i++) {
      open.put(COLUMN, Bytes.ofUnsignedInt(i), Bytes.wrap(new byte[100]));
      open.put(UNCOMMITTED_COLUMN, Bytes.ofUnsignedInt(i), Bytes.wrap(new byte[100]));
    }
    System.out.println(READY);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
