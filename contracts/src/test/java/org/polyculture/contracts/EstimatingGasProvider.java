package org.polyculture.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * Test gas provider: EIP-1559 fees fixed well above Ganache's base fee, and a preflight eth_call of
 * every transaction, so that one that would revert fails before it is sent, with its decoded custom
 * error. The gas limit is a fixed ceiling (receipts still report the gas actually used): Ganache's
 * exact estimation runs the transaction several times and would triple the suite's time.
 */
final class EstimatingGasProvider implements ContractEIP1559GasProvider {

  private static final BigInteger MAX_FEE = BigInteger.valueOf(50_000_000_000L);
  private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger GAS_CEILING = BigInteger.valueOf(12_000_000L);

  private final Web3j web3j;
  private final long chainId;

  EstimatingGasProvider(Web3j web3j, long chainId) {
    this.web3j = web3j;
    this.chainId = chainId;
  }

  @Override
  public BigInteger getGasLimit(Transaction transaction) {
    EthCall call;
    try {
      call = web3j.ethCall(transaction, DefaultBlockParameterName.PENDING).send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!call.hasError()) {
      return GAS_CEILING;
    }
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
    return GAS_CEILING;
  }

  @Override
  public BigInteger getGasLimit() {
    return GAS_CEILING;
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
