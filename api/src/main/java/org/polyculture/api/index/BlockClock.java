package org.polyculture.api.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Block timestamps for the indexes' records, read from the chain once per block and kept in a
 * bounded cache (the most recent {@code capacity} blocks asked for).
 */
public final class BlockClock implements LongUnaryOperator {

  private final Web3j web3j;
  private final Map<Long, Long> cache;

  public BlockClock(Web3j web3j, int capacity) {
    this.web3j = web3j;
    this.cache =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public long applyAsLong(long block) {
    synchronized (cache) {
      Long cached = cache.get(block);
      if (cached != null) {
        return cached;
      }
    }
    long time = fetch(block);
    synchronized (cache) {
      cache.put(block, time);
    }
    return time;
  }

  private long fetch(long block) {
    try {
      EthBlock response =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
              .send();
      if (response.hasError() || response.getBlock() == null) {
        throw new UncheckedIOException(new IOException("block " + block + " is not available"));
      }
      return response.getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber " + block + " failed", e);
    }
  }
}
