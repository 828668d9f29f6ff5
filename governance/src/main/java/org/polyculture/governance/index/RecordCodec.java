package org.polyculture.governance.index;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Stored records as JSON (records only; derived {@code isX} accessors are not stored). */
public final class RecordCodec {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

  private RecordCodec() {}

  public static Bytes encode(Object record) {
    try {
      return Bytes.wrap(JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record, e);
    }
  }

  public static <T> T decode(Bytes bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes.toArrayUnsafe(), type);
    } catch (IOException e) {
      throw new IllegalStateException("a stored " + type.getSimpleName() + " does not decode", e);
    }
  }

  public static <T> Optional<T> read(Optional<Bytes> stored, Class<T> type) {
    return stored.map(bytes -> decode(bytes, type));
  }

  /** A uint256 as a 32-byte big-endian key, so keys sort by value. */
  public static Bytes uint256(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    byte[] raw = value.toByteArray();
    Bytes bytes = Bytes.wrap(raw);
    if (raw.length == 33) {
      bytes = bytes.slice(1);
    }
    return Bytes32.leftPad(bytes);
  }

  public static Bytes address(String address) {
    Bytes bytes = Bytes.fromHexString(address);
    if (bytes.size() != 20) {
      throw new IllegalArgumentException("not an address: " + address);
    }
    return bytes;
  }

  /** A sequence number as a key that sorts newest first. */
  public static Bytes newestFirst(long sequence) {
    return Bytes.ofUnsignedLong(Long.MAX_VALUE - sequence);
  }
}
