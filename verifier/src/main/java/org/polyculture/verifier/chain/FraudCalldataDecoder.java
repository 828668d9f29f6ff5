package org.polyculture.verifier.chain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.generated.DisputeManager;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/**
 * Reads the evidence of a fraud dispute back from the calldata of {@code openFraudDispute}: its
 * event names the step and the state after it, and the calldata adds the state before it, which a
 * juror needs to recompute. Calldata is hostile input: anything that does not decode is empty.
 */
final class FraudCalldataDecoder {

  static final String SIGNATURE =
      "openFraudDispute(uint256,uint256,(bytes32,bytes32,bytes32),"
          + "(uint64,bytes32,bytes32[],bytes32,bytes32[],bytes32))";

  private static final String SELECTOR = Hash.sha3String(SIGNATURE).substring(0, 10);

  // web3j's decoder takes and returns the raw Type.
  @SuppressWarnings("rawtypes")
  private static final List<TypeReference<Type>> PARAMETERS =
      Utils.convert(
          List.of(
              new TypeReference<Uint256>() {},
              new TypeReference<Uint256>() {},
              new TypeReference<DisputeManager.Commitment>() {},
              new TypeReference<DisputeManager.FraudEvidence>() {}));

  /** Far more than any real dispute's calldata (a proof has at most 64 siblings). */
  private static final int MAX_INPUT_CHARS = 64 * 1024;

  private FraudCalldataDecoder() {}

  @SuppressWarnings("rawtypes")
  static Optional<FraudCalldata> decode(String input) {
    if (input == null
        || input.length() > MAX_INPUT_CHARS
        || !input.toLowerCase(Locale.ROOT).startsWith(SELECTOR)) {
      return Optional.empty();
    }
    try {
      List<Type> values =
          FunctionReturnDecoder.decode(input.substring(SELECTOR.length()), PARAMETERS);
      if (values.size() != PARAMETERS.size()
          || !(values.get(3) instanceof DisputeManager.FraudEvidence evidence)) {
        return Optional.empty();
      }
      return Optional.of(
          new FraudCalldata(
              evidence.step.longValueExact(),
              Bytes32.wrap(evidence.beforeStateHash),
              Bytes32.wrap(evidence.afterStateHash)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
