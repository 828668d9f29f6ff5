package org.polyculture.engine.state;

/** Why bytes were rejected as a serialised value, with a detail for people. */
public record DecodeError(Reason reason, String detail) {

  /** The kinds of rejection a strict decoder reports. */
  public enum Reason {
    /** The bytes end before the value does. */
    TRUNCATED,
    /** The bytes do not start with the expected magic. */
    BAD_MAGIC,
    /** The layout version is not one this code reads. */
    UNSUPPORTED_FORMAT,
    /** The numerics spec version is not the one this engine implements. */
    UNSUPPORTED_SPEC_VERSION,
    /** The embedded model config is not a valid canonical config. */
    INVALID_CONFIG,
    /** The embedded model config differs from the one the caller expected. */
    CONFIG_MISMATCH,
    /** A field holds a value outside its range. */
    INVALID_FIELD,
    /** A NaN with a payload other than {@code 0x7FC00000}: not canonical bytes. */
    NON_CANONICAL_NAN,
    /** Bytes follow the end of the value. */
    TRAILING_BYTES
  }

  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
