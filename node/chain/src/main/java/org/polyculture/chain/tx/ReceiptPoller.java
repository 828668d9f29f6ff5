package org.polyculture.chain.tx;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Waits for a receipt by polling at a fixed interval (100 ms suits an instamine chain, a few
 * seconds a real one) until a timeout, riding out transport failures with the retry policy.
 */
public final class ReceiptPoller extends TransactionReceiptProcessor {

  private final Web3j web3j;
  private final Duration interval;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final RetryPolicy.Sleeper sleeper;

  public ReceiptPoller(
      Web3j web3j, TransactionSettings settings, RetryPolicy retry, RetryPolicy.Sleeper sleeper) {
    super(web3j);
    this.web3j = web3j;
    this.interval = settings.receiptPollInterval();
    this.timeout = settings.receiptTimeout();
    this.retry = retry;
    this.sleeper = sleeper;
  }

  @Override
  public TransactionReceipt waitForTransactionReceipt(String transactionHash)
      throws IOException, TransactionException {
    long polls = Math.max(1, timeout.toMillis() / Math.max(1, interval.toMillis()));
    for (long poll = 0; poll <= polls; poll++) {
      Optional<TransactionReceipt> receipt = fetch(transactionHash);
      if (receipt.isPresent()) {
        return receipt.get();
      }
      sleeper.sleep(interval);
    }
    throw new TransactionException(
        "transaction " + transactionHash + " was not mined within " + timeout, transactionHash);
  }

  private Optional<TransactionReceipt> fetch(String transactionHash) throws IOException {
    EthGetTransactionReceipt response =
        retry.call(
            "eth_getTransactionReceipt",
            () -> web3j.ethGetTransactionReceipt(transactionHash).send());
    if (response.hasError()) {
      throw new IOException(
          "eth_getTransactionReceipt failed: " + response.getError().getMessage());
    }
    return response.getTransactionReceipt();
  }
}
