package org.lmdbjava;

/**
 * Test access to lmdbjava's own mapping from LMDB result codes to exceptions, so that tests can
 * produce exactly what a native failure (a full disk, a corrupt page) would throw.
 */
public final class ResultCodes {

  private ResultCodes() {}

  /** The exception lmdbjava throws when LMDB returns {@code resultCode}. */
  public static LmdbException exceptionFor(int resultCode) {
    try {
      ResultCodeMapper.checkRc(resultCode);
    } catch (LmdbException e) {
      return e;
    }
    throw new IllegalArgumentException(resultCode + " is not a failure");
  }
}
