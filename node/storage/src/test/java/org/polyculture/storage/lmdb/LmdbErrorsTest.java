package org.polyculture.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmdbjava.ResultCodes;
import org.polyculture.storage.StorageCorruptException;
import org.polyculture.storage.StorageException;
import org.polyculture.storage.StorageFullException;

class LmdbErrorsTest {

  private final LmdbErrors errors =
      new LmdbErrors(new LmdbConfig(Path.of("/data/store"), 1L << 30, 8));

  /** LMDB result codes (lmdb.h) and errno values (Linux) as LMDB returns them. */
  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
    "-30792, MDB_MAP_FULL, FULL, map size of 1073741824 bytes",
    "28, ENOSPC, FULL, disk is full",
    "122, EDQUOT, FULL, over quota",
    "-30796, MDB_CORRUPTED, CORRUPT, page is corrupted",
    "-30797, MDB_PAGE_NOTFOUND, CORRUPT, page is missing",
    "-30795, MDB_PANIC, CORRUPT, fatal error",
    "-30793, MDB_INVALID, CORRUPT, not an LMDB file",
    "-30794, MDB_VERSION_MISMATCH, CORRUPT, incompatible LMDB version",
    "-30784, MDB_INCOMPATIBLE, CORRUPT, incompatible flags",
    "5, EIO, CORRUPT, I/O error",
    "-30788, MDB_TXN_FULL, OTHER, smaller batches",
    "-30791, MDB_DBS_FULL, OTHER, maximum of 8 columns",
    "-30790, MDB_READERS_FULL, OTHER, too many concurrent readers",
    "13, EACCES, OTHER, failed"
  })
  void shouldMapEachFailureToItsStorageException(
      int resultCode, String name, String kind, String message) {
    StorageException mapped = errors.translate(ResultCodes.exceptionFor(resultCode), "writing x");

    switch (kind) {
      case "FULL" -> assertThat(mapped).isInstanceOf(StorageFullException.class);
      case "CORRUPT" -> assertThat(mapped).isInstanceOf(StorageCorruptException.class);
      default ->
          assertThat(mapped)
              .isNotInstanceOf(StorageFullException.class)
              .isNotInstanceOf(StorageCorruptException.class);
    }
    assertThat(mapped.getMessage())
        .startsWith("writing x in LMDB store /data/store")
        .contains(message);
    assertThat(mapped.getCause()).isNotNull();
  }
}
