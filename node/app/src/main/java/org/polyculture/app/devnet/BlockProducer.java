package org.polyculture.app.devnet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps blocks coming on a chain that mines only on demand: an empty block every interval, so that
 * audit randomness (the hash of the block after a commit) appears and time moves on. With a time
 * scale above one, each block also moves the clock forward, so that the protocol's windows pass
 * that many times faster than the wall clock.
 */
public final class BlockProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

  private final DevChainControl chain;
  private final Duration interval;
  private final int timeScale;
  private final ScheduledExecutorService scheduler;
  private volatile boolean failing;

  private BlockProducer(DevChainControl chain, Duration interval, int timeScale) {
    this.chain = chain;
    this.interval = interval;
    this.timeScale = timeScale;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "devnet-blocks");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts mining an empty block every {@code interval}; each block is {@code timeScale} interval
   * lengths after the previous one (at least one second: the chain's own increment).
   */
  public static BlockProducer start(DevChainControl chain, Duration interval, int timeScale) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("block interval must be positive: " + interval);
    }
    if (timeScale < 1 || timeScale > 3_600) {
      throw new IllegalArgumentException("time scale must be in [1, 3600]: " + timeScale);
    }
    BlockProducer producer = new BlockProducer(chain, interval, timeScale);
    producer.scheduler.scheduleWithFixedDelay(
        producer::produce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("mining an empty block every {} ms (time scale {})", interval.toMillis(), timeScale);
    return producer;
  }

  private void produce() {
    try {
      long extraSeconds = interval.multipliedBy(timeScale).toSeconds() - 1;
      if (extraSeconds > 0) {
        chain.increaseTime(Duration.ofSeconds(extraSeconds));
      }
      chain.mine();
      if (failing) {
        LOG.info("mining blocks again");
        failing = false;
      }
    } catch (Exception e) {
      if (!failing) {
        LOG.warn("cannot mine a block (will retry): {}", e.getMessage());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
