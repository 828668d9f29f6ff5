package org.polyculture.chain;

import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/** The deployed contracts as generated wrappers, all sending through one key's manager. */
public record ProtocolContracts(
    PolycultureToken token,
    PolycultureTimelock timelock,
    PolycultureGovernor governor,
    Staking staking,
    TrainingLedger ledger,
    DisputeManager disputes) {

  public static ProtocolContracts load(
      Web3j web3j,
      ChainDeployment deployment,
      TransactionManager transactions,
      ContractGasProvider gas) {
    return new ProtocolContracts(
        PolycultureToken.load(deployment.token(), web3j, transactions, gas),
        PolycultureTimelock.load(deployment.timelock(), web3j, transactions, gas),
        PolycultureGovernor.load(deployment.governor(), web3j, transactions, gas),
        Staking.load(deployment.staking(), web3j, transactions, gas),
        TrainingLedger.load(deployment.ledger(), web3j, transactions, gas),
        DisputeManager.load(deployment.disputes(), web3j, transactions, gas));
  }
}
