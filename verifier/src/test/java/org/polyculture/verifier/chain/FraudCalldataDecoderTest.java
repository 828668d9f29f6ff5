package org.polyculture.verifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.DisputeManager;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

class FraudCalldataDecoderTest {

  private static final Bytes32 BEFORE = Bytes32.fromHexString("0x" + "0b".repeat(32));
  private static final Bytes32 AFTER = Bytes32.fromHexString("0x" + "0a".repeat(32));

  @Test
  void shouldReadTheStateBeforeTheStepFromAnOpenFraudDisputeCall() {
    String input = encode("openFraudDispute", 3);

    assertThat(FraudCalldataDecoder.decode(input)).contains(new FraudCalldata(37, BEFORE, AFTER));
  }

  @Test
  void shouldIgnoreCallsOfOtherFunctions() {
    assertThat(FraudCalldataDecoder.decode(encode("openAvailabilityDispute", 3))).isEmpty();
  }

  @Test
  void shouldRejectTruncatedOrGarbledCalldata() {
    String input = encode("openFraudDispute", 2);

    assertThat(FraudCalldataDecoder.decode(input.substring(0, input.length() - 70))).isEmpty();
    assertThat(FraudCalldataDecoder.decode(input.substring(0, 10) + "zz")).isEmpty();
    assertThat(FraudCalldataDecoder.decode(null)).isEmpty();
    assertThat(FraudCalldataDecoder.decode("0x")).isEmpty();
  }

  private static String encode(String name, int proofLength) {
    List<byte[]> proof =
        java.util.stream.IntStream.range(0, proofLength)
            .mapToObj(i -> Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.of(i + 1)).toArray())
            .toList();
    DisputeManager.Commitment commitment =
        new DisputeManager.Commitment(new byte[32], new byte[32], new byte[32]);
    DisputeManager.FraudEvidence evidence =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(37), BEFORE.toArray(), proof, AFTER.toArray(), proof, new byte[32]);
    return FunctionEncoder.encode(
        new Function(
            name, List.of(new Uint256(4), new Uint256(2), commitment, evidence), List.of()));
  }
}
