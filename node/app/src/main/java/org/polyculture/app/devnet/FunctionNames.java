package org.polyculture.app.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.web3j.crypto.Hash;

/**
 * Names the function a transaction calls from its 4-byte selector, using the contracts' ABIs (the
 * classpath resources {@code org/polyculture/contracts/abi/NAME.abi}): {@code
 * TrainingLedger.commit}.
 */
public final class FunctionNames {

  private static final List<String> CONTRACTS =
      List.of(
          "PolycultureToken",
          "PolycultureTimelock",
          "PolycultureGovernor",
          "Staking",
          "TrainingLedger",
          "DisputeManager");

  private final Map<String, String> bySelector = new HashMap<>();

  private FunctionNames() {}

  /** The functions of every protocol contract. */
  public static FunctionNames load() {
    FunctionNames names = new FunctionNames();
    ObjectMapper json = new ObjectMapper();
    for (String contract : CONTRACTS) {
      String resource = "/org/polyculture/contracts/abi/" + contract + ".abi";
      try (InputStream in = FunctionNames.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "the contract ABI " + resource + " is not on the class path");
        }
        for (JsonNode entry :
            json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
          if ("function".equals(entry.path("type").asText())) {
            String signature = entry.path("name").asText() + parameters(entry.path("inputs"));
            String selector = Hash.sha3String(signature).substring(0, 10);
            names.bySelector.putIfAbsent(selector, contract + "." + entry.path("name").asText());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return names;
  }

  /** The function the call data starts with, if it is one of the protocol's. */
  public Optional<String> name(String input) {
    if (input == null || input.length() < 10) {
      return Optional.empty();
    }
    return Optional.ofNullable(bySelector.get(input.substring(0, 10).toLowerCase(Locale.ROOT)));
  }

  /** The canonical parameter list of an ABI entry: tuples spelled out, arrays kept. */
  private static String parameters(JsonNode inputs) {
    StringJoiner joined = new StringJoiner(",", "(", ")");
    for (JsonNode input : inputs) {
      joined.add(canonicalType(input));
    }
    return joined.toString();
  }

  private static String canonicalType(JsonNode parameter) {
    String type = parameter.path("type").asText();
    if (type.startsWith("tuple")) {
      return parameters(parameter.path("components")) + type.substring("tuple".length());
    }
    return type;
  }
}
