package org.polyculture.chain;

import java.math.BigInteger;
import java.util.List;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys and wires the whole protocol to any JSON-RPC endpoint and hands it to governance:
 *
 * <ol>
 *   <li>token (whole supply to the deployer), staking, ledger, dispute manager; connect them;
 *   <li>timelock (deployer as temporary admin, anyone may execute) and governor; the governor
 *       becomes the timelock's only proposer and canceller;
 *   <li>the treasury share of the supply goes to the timelock; the staking, ledger and dispute
 *       contracts are handed to the timelock; the deployer renounces the timelock admin role.
 * </ol>
 *
 * Afterwards nothing is owned by the deployer: every parameter and every job goes through a
 * proposal. The deployer keeps the rest of the supply to distribute.
 */
public final class ContractDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(ContractDeployer.class);
  private static final String ANYONE = "0x0000000000000000000000000000000000000000";

  private final Web3j web3j;
  private final TransactionManager deployer;
  private final ContractGasProvider gas;
  private final long chainId;

  public ContractDeployer(
      Web3j web3j, long chainId, TransactionManager deployer, ContractGasProvider gas) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.deployer = deployer;
    this.gas = gas;
  }

  public ChainDeployment deploy(DeploymentParameters parameters) throws Exception {
    String me = deployer.getFromAddress();
    LOG.info("deploying the Polyculture contracts to chain {} from {}", chainId, me);

    PolycultureToken token =
        PolycultureToken.deploy(web3j, deployer, gas, me, parameters.tokenSupply()).send();
    long deployBlock =
        token
            .getTransactionReceipt()
            .map(TransactionReceipt::getBlockNumber)
            .orElseThrow()
            .longValueExact();
    Staking staking =
        Staking.deploy(
                web3j,
                deployer,
                gas,
                token.getContractAddress(),
                seconds(parameters.unbondingDelay()),
                me)
            .send();
    TrainingLedger ledger =
        TrainingLedger.deploy(
                web3j, deployer, gas, token.getContractAddress(), staking.getContractAddress(), me)
            .send();
    DisputeManager disputes =
        DisputeManager.deploy(
                web3j,
                deployer,
                gas,
                token.getContractAddress(),
                staking.getContractAddress(),
                ledger.getContractAddress(),
                parameters.disputes().toContract(),
                me)
            .send();
    staking.connect(ledger.getContractAddress(), disputes.getContractAddress()).send();
    ledger.connect(disputes.getContractAddress()).send();
    LOG.info(
        "token {}, staking {}, ledger {}, disputes {}",
        token.getContractAddress(),
        staking.getContractAddress(),
        ledger.getContractAddress(),
        disputes.getContractAddress());

    PolycultureTimelock timelock =
        PolycultureTimelock.deploy(
                web3j,
                deployer,
                gas,
                seconds(parameters.timelockDelay()),
                List.of(),
                List.of(ANYONE),
                me)
            .send();
    PolycultureGovernor governor =
        PolycultureGovernor.deploy(
                web3j,
                deployer,
                gas,
                token.getContractAddress(),
                timelock.getContractAddress(),
                seconds(parameters.votingDelay()),
                seconds(parameters.votingPeriod()),
                parameters.proposalThreshold(),
                BigInteger.valueOf(parameters.quorumPercent()))
            .send();
    timelock.grantRole(timelock.PROPOSER_ROLE().send(), governor.getContractAddress()).send();
    timelock.grantRole(timelock.CANCELLER_ROLE().send(), governor.getContractAddress()).send();
    LOG.info(
        "timelock {}, governor {}", timelock.getContractAddress(), governor.getContractAddress());

    if (parameters.treasury().signum() > 0) {
      token.transfer(timelock.getContractAddress(), parameters.treasury()).send();
    }
    staking.transferOwnership(timelock.getContractAddress()).send();
    ledger.transferOwnership(timelock.getContractAddress()).send();
    disputes.transferOwnership(timelock.getContractAddress()).send();
    timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE().send(), me).send();
    LOG.info("handed the protocol to governance; the deployer holds no role");

    return new ChainDeployment(
        chainId,
        deployBlock,
        token.getContractAddress(),
        timelock.getContractAddress(),
        governor.getContractAddress(),
        staking.getContractAddress(),
        ledger.getContractAddress(),
        disputes.getContractAddress());
  }

  private static BigInteger seconds(java.time.Duration duration) {
    return BigInteger.valueOf(duration.toSeconds());
  }
}
