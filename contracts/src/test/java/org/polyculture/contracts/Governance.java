package org.polyculture.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.testkit.LocalChain;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** A governance proposal as test code builds and drives it through the governor. */
final class Governance {

  static final int AGAINST = 0;
  static final int FOR = 1;

  private final TestProtocol protocol;
  private final LocalChain chain;
  private final List<String> targets = new ArrayList<>();
  private final List<byte[]> calldatas = new ArrayList<>();
  private final String description;

  Governance(TestProtocol protocol, String description) {
    this.protocol = protocol;
    this.chain = protocol.chain;
    this.description = description;
  }

  Governance call(String target, String function, Type<?>... arguments) {
    targets.add(target);
    calldatas.add(
        Numeric.hexStringToByteArray(
            FunctionEncoder.encode(new Function(function, List.of(arguments), List.of()))));
    return this;
  }

  BigInteger propose(Credentials proposer) throws Exception {
    TransactionReceipt receipt =
        protocol.governor(proposer).propose(targets, values(), calldatas, description).send();
    return PolycultureGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
  }

  void vote(BigInteger proposalId, int support, Credentials... voters) throws Exception {
    for (Credentials voter : voters) {
      protocol.governor(voter).castVote(proposalId, BigInteger.valueOf(support)).send();
    }
  }

  void queue(Credentials anyone) throws Exception {
    protocol.governor(anyone).queue(targets, values(), calldatas, descriptionHash()).send();
  }

  TransactionReceipt execute(Credentials anyone) throws Exception {
    return protocol
        .governor(anyone)
        .execute(targets, values(), calldatas, descriptionHash(), BigInteger.ZERO)
        .send();
  }

  BigInteger state(BigInteger proposalId) throws Exception {
    return protocol.governor(protocol.deployer).state(proposalId).send();
  }

  void passVotingDelay() {
    chain.increaseTime(Duration.ofSeconds(TestProtocol.VOTING_DELAY.longValue() + 1));
  }

  void passVotingPeriod() {
    chain.increaseTime(Duration.ofSeconds(TestProtocol.VOTING_PERIOD.longValue() + 1));
  }

  void passTimelockDelay() {
    chain.increaseTime(Duration.ofSeconds(TestProtocol.TIMELOCK_DELAY.longValue() + 1));
  }

  /** Proposes, votes for with every voter, waits, queues and executes. */
  TransactionReceipt pass(Credentials proposer, Credentials... voters) throws Exception {
    BigInteger proposalId = propose(proposer);
    passVotingDelay();
    vote(proposalId, FOR, voters);
    passVotingPeriod();
    queue(proposer);
    passTimelockDelay();
    return execute(proposer);
  }

  private List<BigInteger> values() {
    return targets.stream().map(t -> BigInteger.ZERO).toList();
  }

  private byte[] descriptionHash() {
    return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
  }
}
