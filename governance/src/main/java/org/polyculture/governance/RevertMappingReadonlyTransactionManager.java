package org.polyculture.governance;

import java.io.IOException;
import org.polyculture.contracts.ContractErrors;
import org.polyculture.contracts.ContractRevertedException;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * Reads contracts without a key, turning a reverted call into a {@link ContractRevertedException}
 * with the decoded custom error (as the node's signing managers do), so a reader can tell "no such
 * proposal" from a broken connection.
 */
final class RevertMappingReadonlyTransactionManager extends ReadonlyTransactionManager {

  private final Web3j web3j;
  private final String from;

  RevertMappingReadonlyTransactionManager(Web3j web3j, String from) {
    super(web3j, from);
    this.web3j = web3j;
    this.from = from;
  }

  @Override
  public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
    EthCall call =
        web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), block).send();
    if (call.hasError()) {
      throw new ContractRevertedException(
          "call to " + to, ContractErrors.revertData(call.getError()).orElse("0x"));
    }
    if (call.isReverted()) {
      throw new ContractRevertedException(
          "call to " + to, call.getValue() == null ? "0x" : call.getValue());
    }
    return call.getValue();
  }
}
