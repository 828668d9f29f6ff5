package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.PolycultureToken;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

class TokenTest extends ProtocolTestBase {

  @Test
  void shouldCountVotesInTimestampClockMode() throws Exception {
    PolycultureToken token = protocol.token(deployer);
    assertThat(token.CLOCK_MODE().send()).isEqualTo("mode=timestamp");
    assertThat(token.clock().send().longValue())
        .isEqualTo(chain.latestBlockTime().getEpochSecond());
    assertThat(protocol.governor(deployer).CLOCK_MODE().send()).isEqualTo("mode=timestamp");
  }

  @Test
  void shouldCheckpointDelegatedVotesByTime() throws Exception {
    Credentials holder = chain.account(16);
    protocol.fund(holder, TestProtocol.tokens(500));
    long beforeDelegation = chain.latestBlockTime().getEpochSecond();
    chain.increaseTime(Duration.ofSeconds(10));

    protocol.token(holder).delegate(holder.getAddress()).send();
    chain.increaseTime(Duration.ofSeconds(10));

    PolycultureToken token = protocol.token(deployer);
    assertThat(token.getVotes(holder.getAddress()).send()).isEqualTo(TestProtocol.tokens(500));
    assertThat(token.getPastVotes(holder.getAddress(), BigInteger.valueOf(beforeDelegation)).send())
        .isZero();
  }

  @Test
  void shouldApproveBySignedPermitOnlyOnce() throws Exception {
    Credentials owner = chain.account(16);
    String spender = chain.account(17).getAddress();
    BigInteger value = TestProtocol.tokens(42);
    BigInteger deadline = BigInteger.valueOf(chain.latestBlockTime().getEpochSecond() + 3_600);
    Sign.SignatureData signature = signPermit(owner, spender, value, BigInteger.ZERO, deadline);
    PolycultureToken relayer = protocol.token(chain.account(18));

    relayer
        .permit(
            owner.getAddress(),
            spender,
            value,
            deadline,
            BigInteger.valueOf(signature.getV()[0]),
            signature.getR(),
            signature.getS())
        .send();

    assertThat(protocol.token(deployer).allowance(owner.getAddress(), spender).send())
        .isEqualTo(value);
    assertThat(protocol.token(deployer).nonces(owner.getAddress()).send())
        .isEqualTo(BigInteger.ONE);
    assertRevertsWith(
        () ->
            relayer
                .permit(
                    owner.getAddress(),
                    spender,
                    value,
                    deadline,
                    BigInteger.valueOf(signature.getV()[0]),
                    signature.getR(),
                    signature.getS())
                .send(),
        PolycultureToken.ERC2612INVALIDSIGNER_ERROR);
  }

  @Test
  void shouldReduceTheSupplyWhenTokensAreBurned() throws Exception {
    BigInteger before = protocol.token(deployer).totalSupply().send();

    protocol.token(deployer).burn(TestProtocol.tokens(7)).send();

    assertThat(protocol.token(deployer).totalSupply().send())
        .isEqualTo(before.subtract(TestProtocol.tokens(7)));
  }

  private Sign.SignatureData signPermit(
      Credentials owner, String spender, BigInteger value, BigInteger nonce, BigInteger deadline)
      throws Exception {
    String typedData =
        """
        {"types": {
          "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                           {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
          "Permit": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
                     {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
                     {"name": "deadline", "type": "uint256"}]},
         "primaryType": "Permit",
         "domain": {"name": "Polyculture", "version": "1", "chainId": %d, "verifyingContract": "%s"},
         "message": {"owner": "%s", "spender": "%s", "value": "%s", "nonce": "%s", "deadline": "%s"}}
        """
            .formatted(
                chain.chainId(),
                protocol.tokenAddress,
                owner.getAddress(),
                spender,
                value,
                nonce,
                deadline);
    byte[] digest = new StructuredDataEncoder(typedData).hashStructuredData();
    return Sign.signMessage(digest, owner.getEcKeyPair(), false);
  }
}
