package org.polyculture.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractDeployerTest {

  private DeployedProtocol protocol;

  @BeforeAll
  void deploy(LocalChain chain) throws Exception {
    protocol = DeployedProtocol.deploy(chain);
  }

  @AfterAll
  void close() {
    protocol.close();
  }

  @Test
  void shouldDeployEveryContractAndRecordWhere(LocalChain chain) throws Exception {
    ChainDeployment deployment = protocol.deployment;
    assertThat(deployment.chainId()).isEqualTo(chain.chainId());
    assertThat(deployment.deployBlock())
        .isPositive()
        .isLessThanOrEqualTo(chain.blockNumber().longValueExact());
    for (String address :
        java.util.List.of(
            deployment.token(),
            deployment.timelock(),
            deployment.governor(),
            deployment.staking(),
            deployment.ledger(),
            deployment.disputes())) {
      String code =
          chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      assertThat(code).as(address).hasSizeGreaterThan(2);
    }
  }

  @Test
  void shouldHandTheProtocolToGovernanceWithNothingLeftToTheDeployer() throws Exception {
    ProtocolContracts contracts = protocol.as(protocol.deployer);
    ChainDeployment deployment = protocol.deployment;
    PolycultureTimelock timelock = contracts.timelock();
    assertThat(contracts.staking().owner().send()).isEqualToIgnoringCase(deployment.timelock());
    assertThat(contracts.ledger().owner().send()).isEqualToIgnoringCase(deployment.timelock());
    assertThat(contracts.disputes().owner().send()).isEqualToIgnoringCase(deployment.timelock());
    assertThat(
            timelock
                .hasRole(timelock.DEFAULT_ADMIN_ROLE().send(), protocol.deployer.getAddress())
                .send())
        .isFalse();
    assertThat(timelock.hasRole(timelock.PROPOSER_ROLE().send(), deployment.governor()).send())
        .isTrue();
    assertThat(contracts.token().balanceOf(deployment.timelock()).send())
        .isEqualTo(DeployedProtocol.PARAMETERS.treasury());
    assertThat(contracts.governor().votingPeriod().send()).isEqualTo(BigInteger.valueOf(60));
    assertThat(contracts.disputes().parameters().send().jurySize).isEqualTo(BigInteger.valueOf(3));
    assertThat(contracts.staking().ledger().send()).isEqualToIgnoringCase(deployment.ledger());
    assertThat(contracts.ledger().disputes().send()).isEqualToIgnoringCase(deployment.disputes());
  }

  @Test
  void shouldCreateAFundedJobThroughGovernanceOnTheDeployedContracts(LocalChain chain)
      throws Exception {
    LocalChain.Snapshot snapshot = chain.snapshot();
    try {
      TransactionReceipt executed =
          protocol.createJobThroughGovernance(
              DeployedProtocol.jobSpec(
                  new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                    23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                  }));

      TrainingLedger.JobCreatedEventResponse created =
          TrainingLedger.getJobCreatedEvents(executed).get(0);
      assertThat(created.escrow)
          .isEqualTo(
              DeployedProtocol.REWARD.multiply(BigInteger.valueOf(DeployedProtocol.SEGMENTS)));
      assertThat(
              protocol.as(protocol.deployer).token().balanceOf(protocol.deployment.ledger()).send())
          .isEqualTo(created.escrow);
    } finally {
      chain.revert(snapshot);
      protocol.forgetNonces();
    }
  }

  @Test
  void shouldWriteADeploymentFileThatReadsBackTheSame(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("deployment.json");

    DeploymentFile.write(file, protocol.deployment);

    assertThat(DeploymentFile.read(file)).isEqualTo(protocol.deployment);
  }
}
