package org.polyculture.chain.tx;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How transactions are priced, sent and awaited.
 *
 * @param receiptPollInterval time between receipt polls: ~100 ms on an instamine chain, about a
 *     block time's fraction on a real one
 * @param receiptTimeout how long to wait for a receipt before giving up
 * @param transportAttempts attempts of one RPC call when the transport fails (at least 1)
 * @param initialBackoff the wait after the first transport failure; doubled after each
 * @param maxBackoff the longest wait between attempts
 * @param gasMarginPercent added to eth_estimateGas, for state that changes before inclusion
 * @param defaultPriorityFee the tip when the node cannot suggest one
 * @param maxFeeCap the most this node pays per gas, whatever the base fee
 */
public record TransactionSettings(
    Duration receiptPollInterval,
    Duration receiptTimeout,
    int transportAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int gasMarginPercent,
    BigInteger defaultPriorityFee,
    BigInteger maxFeeCap) {

  private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

  public TransactionSettings {
    Objects.requireNonNull(receiptPollInterval, "receiptPollInterval");
    Objects.requireNonNull(receiptTimeout, "receiptTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(defaultPriorityFee, "defaultPriorityFee");
    Objects.requireNonNull(maxFeeCap, "maxFeeCap");
    if (receiptPollInterval.isNegative() || receiptPollInterval.isZero()) {
      throw new IllegalArgumentException("receiptPollInterval must be positive");
    }
    if (receiptTimeout.compareTo(receiptPollInterval) < 0) {
      throw new IllegalArgumentException("receiptTimeout must be at least one poll interval");
    }
    if (transportAttempts < 1 || transportAttempts > 20) {
      throw new IllegalArgumentException("transportAttempts must be in [1, 20]");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must be non-negative and maxBackoff >= initial");
    }
    if (gasMarginPercent < 0 || gasMarginPercent > 100) {
      throw new IllegalArgumentException("gasMarginPercent must be in [0, 100]");
    }
    if (defaultPriorityFee.signum() < 0 || maxFeeCap.compareTo(defaultPriorityFee) < 0) {
      throw new IllegalArgumentException("fees must be non-negative and maxFeeCap >= the tip");
    }
  }

  /** For a chain that mines on demand (Ganache): receipts exist as soon as the send returns. */
  public static TransactionSettings instamine() {
    return new TransactionSettings(
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
        5,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        20,
        GWEI,
        GWEI.multiply(BigInteger.valueOf(500)));
  }

  /** For a public chain with blocks every few seconds. */
  public static TransactionSettings realChain() {
    return new TransactionSettings(
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        8,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        25,
        GWEI,
        GWEI.multiply(BigInteger.valueOf(500)));
  }

  public TransactionSettings withReceiptPollInterval(Duration interval) {
    return new TransactionSettings(
        interval,
        receiptTimeout,
        transportAttempts,
        initialBackoff,
        maxBackoff,
        gasMarginPercent,
        defaultPriorityFee,
        maxFeeCap);
  }
}
