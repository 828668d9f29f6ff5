package org.polyculture.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.Response;

/**
 * Decodes revert data into the custom errors of our contracts (taken from the generated wrappers,
 * which include the OpenZeppelin errors they inherit) and Solidity's {@code Error(string)} and
 * {@code Panic(uint256)}.
 */
public final class ContractErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, CustomError> BY_SELECTOR = knownErrors();

  private ContractErrors() {}

  /** The 4-byte selector of an error, as 0x-prefixed hex. */
  public static String selector(CustomError error) {
    return CustomErrorEncoder.encode(error).substring(0, 10);
  }

  public static String signature(CustomError error) {
    return error.getName()
        + error.getParameters().stream()
            .map(ContractErrors::solidityType)
            .collect(Collectors.joining(",", "(", ")"));
  }

  /** Decodes revert data (0x-prefixed hex); empty if it matches no known error. */
  public static Optional<DecodedError> decode(String revertData) {
    if (revertData == null || revertData.length() < 10) {
      return Optional.empty();
    }
    CustomError error = BY_SELECTOR.get(revertData.substring(0, 10).toLowerCase());
    if (error == null) {
      return Optional.empty();
    }
    var decoded = FunctionReturnDecoder.decode(revertData.substring(10), error.getParameters());
    if (decoded.size() != error.getParameters().size()) {
      return Optional.empty();
    }
    List<Object> arguments = decoded.stream().<Object>map(type -> type.getValue()).toList();
    return Optional.of(new DecodedError(error.getName(), signature(error), arguments));
  }

  /**
   * The revert data in a JSON-RPC error: Geth and Besu put the hex string in {@code data}; Ganache
   * does so for eth_call and nests it under {@code data.result} for eth_estimateGas.
   */
  public static Optional<String> revertData(Response.Error error) {
    String data = error.getData();
    if (data == null || data.isBlank()) {
      return Optional.empty();
    }
    String trimmed = data.strip();
    if (trimmed.startsWith("0x")) {
      return Optional.of(trimmed);
    }
    try {
      JsonNode node = JSON.readTree(trimmed);
      if (node.isTextual() && node.asText().startsWith("0x")) {
        return Optional.of(node.asText());
      }
      JsonNode result = node.path("result");
      return result.isTextual() && result.asText().startsWith("0x")
          ? Optional.of(result.asText())
          : Optional.empty();
    } catch (java.io.IOException notJson) {
      return Optional.empty();
    }
  }

  private static Map<String, CustomError> knownErrors() {
    Map<String, CustomError> errors = new HashMap<>();
    List<Class<?>> wrappers =
        List.of(
            PolycultureToken.class,
            PolycultureTimelock.class,
            PolycultureGovernor.class,
            Staking.class,
            TrainingLedger.class,
            DisputeManager.class);
    for (Class<?> wrapper : wrappers) {
      for (Field field : wrapper.getFields()) {
        if (field.getType() == CustomError.class && Modifier.isStatic(field.getModifiers())) {
          CustomError error = staticValue(field);
          errors.putIfAbsent(selector(error), error);
        }
      }
    }
    CustomError solidityError =
        new CustomError("Error", List.of(new TypeReference<Utf8String>() {}));
    CustomError solidityPanic = new CustomError("Panic", List.of(new TypeReference<Uint256>() {}));
    errors.put(selector(solidityError), solidityError);
    errors.put(selector(solidityPanic), solidityPanic);
    return Map.copyOf(errors);
  }

  private static CustomError staticValue(Field field) {
    try {
      return (CustomError) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  private static String solidityType(TypeReference<?> reference) {
    try {
      return org.web3j.abi.Utils.getTypeName(reference.getType());
    } catch (RuntimeException e) {
      throw new IllegalStateException("unsupported error parameter type " + reference.getType(), e);
    }
  }
}
