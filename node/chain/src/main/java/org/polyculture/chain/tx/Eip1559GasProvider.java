package org.polyculture.chain.tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.polyculture.contracts.ContractErrors;
import org.polyculture.contracts.ContractRevertedException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * EIP-1559 pricing and gas limits for the generated wrappers. The gas limit comes from
 * eth_estimateGas plus a margin; a transaction that would revert fails there, before anything is
 * signed or sent, as a {@link ContractRevertedException} with the decoded custom error. The fee cap
 * is twice the latest base fee plus the tip (so it survives several full blocks), never more than
 * the configured ceiling.
 */
public final class Eip1559GasProvider implements ContractEIP1559GasProvider {

  /**
   * A fresh storage slot's cost, added to every limit: the estimate runs in the latest block, and
   * code that depends on the time can take a costlier path in the next one (a vote checkpoint of
   * the token is overwritten within the same second but appended in a later one).
   */
  private static final BigInteger STORAGE_SLOT_ALLOWANCE = BigInteger.valueOf(25_000);

  private final Web3j web3j;
  private final long chainId;
  private final TransactionSettings settings;
  private final RetryPolicy retry;

  public Eip1559GasProvider(
      Web3j web3j, long chainId, TransactionSettings settings, RetryPolicy retry) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.settings = settings;
    this.retry = retry;
  }

  @Override
  public BigInteger getGasLimit(Transaction transaction) {
    EthEstimateGas estimate =
        send("eth_estimateGas", () -> web3j.ethEstimateGas(transaction).send());
    if (estimate.hasError()) {
      String data = ContractErrors.revertData(estimate.getError()).orElse("0x");
      String target =
          transaction.getTo() == null
              ? "contract creation"
              : "transaction to " + transaction.getTo();
      if (data.equals("0x") && !estimate.getError().getMessage().toLowerCase().contains("revert")) {
        throw new IllegalStateException(
            target + " cannot be estimated: " + estimate.getError().getMessage());
      }
      throw new ContractRevertedException(target, data);
    }
    BigInteger used = estimate.getAmountUsed();
    return used.add(
        used.multiply(BigInteger.valueOf(settings.gasMarginPercent()))
            .divide(BigInteger.valueOf(100)));
  }

  /** Only for callers without a transaction to estimate; the wrappers never use it. */
  @Override
  public BigInteger getGasLimit() {
    return BigInteger.valueOf(8_000_000L);
  }

  @Override
  public BigInteger getGasPrice() {
    return getMaxFeePerGas();
  }

  @Override
  public long getChainId() {
    return chainId;
  }

  @Override
  public BigInteger getMaxPriorityFeePerGas() {
    EthMaxPriorityFeePerGas suggested =
        send("eth_maxPriorityFeePerGas", () -> web3j.ethMaxPriorityFeePerGas().send());
    BigInteger tip =
        suggested.hasError() ? settings.defaultPriorityFee() : suggested.getMaxPriorityFeePerGas();
    return tip.min(settings.maxFeeCap());
  }

  @Override
  public BigInteger getMaxFeePerGas() {
    EthBlock latest =
        send(
            "eth_getBlockByNumber",
            () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send());
    if (latest.hasError()
        || latest.getBlock() == null
        || latest.getBlock().getBaseFeePerGasRaw() == null) {
      return settings.maxFeeCap();
    }
    BigInteger maxFee =
        latest.getBlock().getBaseFeePerGas().shiftLeft(1).add(getMaxPriorityFeePerGas());
    return maxFee.min(settings.maxFeeCap());
  }

  private <T> T send(String what, RetryPolicy.IoCall<T> call) {
    try {
      return retry.call(what, call);
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    }
  }
}
