package org.polyculture.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * Test gas provider: EIP-1559 fees fixed well above Ganache's base fee, and a gas limit from
 * eth_estimateGas, so that a transaction that would revert fails before it is sent, with its
 * decoded custom error.
 */
final class EstimatingGasProvider implements ContractEIP1559GasProvider {

  private static final BigInteger MAX_FEE = BigInteger.valueOf(50_000_000_000L);
  private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger BLOCK_GAS_LIMIT = BigInteger.valueOf(30_000_000L);

  private final Web3j web3j;
  private final long chainId;

  EstimatingGasProvider(Web3j web3j, long chainId) {
    this.web3j = web3j;
    this.chainId = chainId;
  }

  @Override
  public BigInteger getGasLimit(Transaction transaction) {
    EthEstimateGas estimate;
    try {
      estimate = web3j.ethEstimateGas(transaction).send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (estimate.hasError()) {
      String data = ContractErrors.revertData(estimate.getError()).orElse("0x");
      throw new ContractRevertedException("transaction to " + transaction.getTo(), data);
    }
    // Ganache's estimates are exact; a margin covers state that changes before inclusion.
    return estimate.getAmountUsed().multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
  }

  @Override
  public BigInteger getGasLimit() {
    return BLOCK_GAS_LIMIT;
  }

  @Override
  public BigInteger getGasPrice() {
    return MAX_FEE;
  }

  @Override
  public long getChainId() {
    return chainId;
  }

  @Override
  public BigInteger getMaxFeePerGas() {
    return MAX_FEE;
  }

  @Override
  public BigInteger getMaxPriorityFeePerGas() {
    return PRIORITY_FEE;
  }
}
