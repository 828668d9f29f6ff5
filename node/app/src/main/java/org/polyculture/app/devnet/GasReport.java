package org.polyculture.app.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The gas every transaction of the devnet used, from the deployment's first block to the head: in
 * total and per function called ({@code TrainingLedger.commit}: count and gas).
 */
public record GasReport(long transactions, BigInteger total, Map<String, Usage> byFunction) {

  /** How often a function was called and the gas its calls used together. */
  public record Usage(long calls, BigInteger gas) {
    Usage plus(BigInteger gasUsed) {
      return new Usage(calls + 1, gas.add(gasUsed));
    }
  }

  /** Reads every block in {@code [fromBlock, head]} and the receipt of each transaction. */
  public static GasReport measure(Web3j web3j, long fromBlock, FunctionNames names)
      throws IOException {
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    TreeMap<String, Usage> byFunction = new TreeMap<>();
    BigInteger total = BigInteger.ZERO;
    long transactions = 0;
    for (long number = fromBlock; number <= head; number++) {
      EthBlock.Block block =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true)
              .send()
              .getBlock();
      if (block == null) {
        continue;
      }
      for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
        if (!(result.get() instanceof Transaction transaction)) {
          continue;
        }
        TransactionReceipt receipt =
            web3j
                .ethGetTransactionReceipt(transaction.getHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow(() -> new IOException("no receipt for " + transaction.getHash()));
        String function =
            transaction.getTo() == null
                ? "(contract creation)"
                : names.name(transaction.getInput()).orElse("(other)");
        byFunction.merge(
            function, new Usage(1, receipt.getGasUsed()), (a, b) -> a.plus(receipt.getGasUsed()));
        total = total.add(receipt.getGasUsed());
        transactions++;
      }
    }
    return new GasReport(transactions, total, Collections.unmodifiableSortedMap(byFunction));
  }
}
