package org.polyculture.app.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The token conservation check: nothing is created or lost except what the protocol burns.
 *
 * <ul>
 *   <li>the balances of every address that ever held POLY add up to the total supply;
 *   <li>the supply minted at deployment less the total supply equals what settled disputes burned;
 *   <li>the staking contract holds exactly the stakes (bonded and unbonding) of its participants;
 *   <li>the ledger holds exactly its jobs' escrow and the compensation it holds for voided work;
 *   <li>the dispute manager holds exactly the bonds of its open disputes.
 * </ul>
 *
 * @param initialSupply minted at deployment
 * @param totalSupply now
 * @param burnedByDisputes the sum of the settlements' burns
 * @param holders addresses that ever held POLY
 * @param sumOfBalances their balances now
 * @param stakingBalance the staking contract's POLY
 * @param stakesAccounted its participants' bonded and unbonding stake
 * @param ledgerBalance the ledger's POLY
 * @param escrowAccounted its jobs' escrow and held compensation
 * @param disputesBalance the dispute manager's POLY
 * @param bondsAccounted its open disputes' bonds
 */
public record TokenAudit(
    BigInteger initialSupply,
    BigInteger totalSupply,
    BigInteger burnedByDisputes,
    int holders,
    BigInteger sumOfBalances,
    BigInteger stakingBalance,
    BigInteger stakesAccounted,
    BigInteger ledgerBalance,
    BigInteger escrowAccounted,
    BigInteger disputesBalance,
    BigInteger bondsAccounted) {

  /** Whether every check holds. */
  public boolean conserved() {
    return sumOfBalances.equals(totalSupply)
        && initialSupply.subtract(totalSupply).equals(burnedByDisputes)
        && stakingBalance.equals(stakesAccounted)
        && ledgerBalance.equals(escrowAccounted)
        && disputesBalance.equals(bondsAccounted);
  }

  /** Audits the deployment at the chain's head against what {@code tally} followed. */
  public static TokenAudit of(
      ChainClient chain, ChainDeployment deployment, BigInteger initialSupply, CommonsTally tally)
      throws Exception {
    ProtocolContracts contracts = chain.readOnly(deployment);
    PolycultureToken token = contracts.token();
    Set<String> holders = holders(chain, deployment);
    BigInteger sum = BigInteger.ZERO;
    for (String holder : holders) {
      sum = sum.add(token.balanceOf(holder).send());
    }
    BigInteger burned = BigInteger.ZERO;
    BigInteger bonds = BigInteger.ZERO;
    DisputeManager disputes = contracts.disputes();
    for (DisputeRecord dispute : tally.disputes()) {
      burned = burned.add(dispute.burned());
      if (!dispute.resolved()) {
        bonds = bonds.add(disputes.disputeOf(dispute.disputeId()).send().bond);
      }
    }
    Staking staking = contracts.staking();
    BigInteger stakes = BigInteger.ZERO;
    for (String participant : holders) {
      Staking.Participant p = staking.participant(participant).send();
      stakes = stakes.add(p.bonded).add(p.unbonding);
    }
    TrainingLedger ledger = contracts.ledger();
    BigInteger escrow = BigInteger.ZERO;
    for (BigInteger job : tally.jobs()) {
      TrainingLedger.Job state = ledger.jobOf(job).send();
      escrow = escrow.add(state.escrow).add(state.compensationHeld);
    }
    return new TokenAudit(
        initialSupply,
        token.totalSupply().send(),
        burned,
        holders.size(),
        sum,
        token.balanceOf(deployment.staking()).send(),
        stakes,
        token.balanceOf(deployment.ledger()).send(),
        escrow,
        token.balanceOf(deployment.disputes()).send(),
        bonds);
  }

  /** Every address that ever received POLY: the recipients of its Transfer events. */
  private static Set<String> holders(ChainClient chain, ChainDeployment deployment)
      throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(deployment.deployBlock())),
            DefaultBlockParameterName.LATEST,
            deployment.token());
    filter.addSingleTopic(EventEncoder.encode(PolycultureToken.TRANSFER_EVENT));
    EthLog response = chain.web3j().ethGetLogs(filter).send();
    if (response.hasError()) {
      throw new IOException("eth_getLogs failed: " + response.getError().getMessage());
    }
    Set<String> holders = new LinkedHashSet<>();
    String zero = Address.DEFAULT.getValue();
    for (EthLog.LogResult<?> result : response.getLogs()) {
      if (result.get() instanceof Log log && log.getTopics().size() == 3) {
        String to = new Address(log.getTopics().get(2)).getValue().toLowerCase(Locale.ROOT);
        if (!to.equals(zero)) {
          holders.add(to);
        }
      }
    }
    return holders;
  }
}
