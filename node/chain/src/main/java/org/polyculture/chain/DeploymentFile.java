package org.polyculture.chain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes a {@link ChainDeployment} as a small JSON file:
 *
 * <pre>{@code
 * {"version": 1, "chainId": 1337, "deployBlock": 1,
 *  "contracts": {"token": "0x...", "timelock": "0x...", "governor": "0x...",
 *                "staking": "0x...", "ledger": "0x...", "disputes": "0x..."}}
 * }</pre>
 *
 * The file may come from anyone, so reading checks its size, its version and every field. Writing
 * replaces the file atomically.
 */
public final class DeploymentFile {

  public static final int VERSION = 1;
  private static final long MAX_SIZE = 64 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DeploymentFile() {}

  public static void write(Path file, ChainDeployment deployment) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("chainId", deployment.chainId());
    root.put("deployBlock", deployment.deployBlock());
    ObjectNode contracts = root.putObject("contracts");
    contracts.put("token", deployment.token());
    contracts.put("timelock", deployment.timelock());
    contracts.put("governor", deployment.governor());
    contracts.put("staking", deployment.staking());
    contracts.put("ledger", deployment.ledger());
    contracts.put("disputes", deployment.disputes());
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Reads a deployment file; a malformed one is an {@link InvalidDeploymentFileException}. */
  public static ChainDeployment read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SIZE) {
      throw new InvalidDeploymentFileException(
          file + " is " + size + " bytes, more than a deployment file can be");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidDeploymentFileException(file + " is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDeploymentFileException(file + " is not a JSON object");
    }
    if (root.path("version").asInt(-1) != VERSION) {
      throw new InvalidDeploymentFileException(
          file + " has version " + root.path("version") + ", expected " + VERSION);
    }
    JsonNode contracts = root.path("contracts");
    try {
      return new ChainDeployment(
          number(root, "chainId"),
          number(root, "deployBlock"),
          text(contracts, "token"),
          text(contracts, "timelock"),
          text(contracts, "governor"),
          text(contracts, "staking"),
          text(contracts, "ledger"),
          text(contracts, "disputes"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidDeploymentFileException(file + ": " + e.getMessage());
    }
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return value.asLong();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("contracts." + field + " must be a string");
    }
    return value.asText();
  }

  /** A deployment file that is not what this version writes. */
  public static final class InvalidDeploymentFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidDeploymentFileException(String message) {
      super(message);
    }
  }
}
