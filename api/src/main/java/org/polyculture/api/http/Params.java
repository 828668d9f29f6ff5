package org.polyculture.api.http;

import io.javalin.http.Context;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Path and query parameters, validated: a value that is not what the parameter takes is a 400
 * naming the parameter, never an exception from deep inside.
 */
public final class Params {

  private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]{0,77}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private Params() {}

  /** A uint256 in decimal (no sign, no leading zeros). */
  public static BigInteger uint256(String name, String value) {
    if (value == null || !UINT.matcher(value).matches()) {
      throw ApiException.invalid(name, "must be a decimal integer from 0 to 2^256 - 1");
    }
    BigInteger parsed = new BigInteger(value);
    if (parsed.compareTo(UINT256_MAX) > 0) {
      throw ApiException.invalid(name, "must be a decimal integer from 0 to 2^256 - 1");
    }
    return parsed;
  }

  public static BigInteger pathUint256(Context ctx, String name) {
    return uint256(name, ctx.pathParam(name));
  }

  /** A 20-byte address, returned in lowercase. */
  public static String address(String name, String value) {
    if (value == null || !ADDRESS.matcher(value).matches()) {
      throw ApiException.invalid(name, "must be an address: 0x and 40 hex digits");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  public static String pathAddress(Context ctx, String name) {
    return address(name, ctx.pathParam(name));
  }

  public static Bytes32 hash(String name, String value) {
    if (value == null || !HASH.matcher(value).matches()) {
      throw ApiException.invalid(name, "must be a 32-byte hash: 0x and 64 hex digits");
    }
    return Bytes32.fromHexString(value);
  }

  /** A long path parameter in [min, max]. */
  public static long pathLong(Context ctx, String name, long min, long max) {
    return bounded(name, ctx.pathParam(name), min, max);
  }

  /** An optional long query parameter in [min, max]. */
  public static Optional<Long> queryLong(Context ctx, String name, long min, long max) {
    String value = ctx.queryParam(name);
    return value == null ? Optional.empty() : Optional.of(bounded(name, value, min, max));
  }

  /** The {@code limit} query parameter: 1 to {@code max}, {@code fallback} when absent. */
  public static int limit(Context ctx, int fallback, int max) {
    return queryLong(ctx, "limit", 1, max).map(Long::intValue).orElse(fallback);
  }

  public static Optional<String> queryEnum(Context ctx, String name, String... allowed) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.empty();
    }
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return Optional.of(value);
      }
    }
    throw ApiException.invalid(name, "must be one of " + String.join(", ", allowed));
  }

  private static long bounded(String name, String value, long min, long max) {
    if (value == null || !UINT.matcher(value).matches() || value.length() > 19) {
      throw ApiException.invalid(name, "must be an integer from " + min + " to " + max);
    }
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, "must be an integer from " + min + " to " + max);
    }
    if (parsed < min || parsed > max) {
      throw ApiException.invalid(name, "must be an integer from " + min + " to " + max);
    }
    return parsed;
  }
}
