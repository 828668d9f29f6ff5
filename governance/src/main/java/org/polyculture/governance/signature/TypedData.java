package org.polyculture.governance.signature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EIP-712 typed data as wallets take it ({@code eth_signTypedData_v4}): the types, the primary
 * type, the domain and the message, with uint256 values as decimal strings (JSON numbers cannot
 * hold them). What a wallet signs from this is the digest {@link Ballot#digest} and {@link
 * Delegation#digest} compute.
 */
public final class TypedData {

  private static final List<Map<String, String>> DOMAIN_FIELDS =
      List.of(
          field("name", "string"),
          field("version", "string"),
          field("chainId", "uint256"),
          field("verifyingContract", "address"));

  private TypedData() {}

  public static Map<String, Object> of(Eip712Domain domain, Ballot ballot) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("proposalId", ballot.proposalId().toString());
    message.put("support", ballot.support().code());
    message.put("voter", ballot.voter());
    message.put("nonce", ballot.nonce().toString());
    return typedData(
        domain,
        "Ballot",
        List.of(
            field("proposalId", "uint256"),
            field("support", "uint8"),
            field("voter", "address"),
            field("nonce", "uint256")),
        message);
  }

  public static Map<String, Object> of(Eip712Domain domain, Delegation delegation) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("delegatee", delegation.delegatee());
    message.put("nonce", delegation.nonce().toString());
    message.put("expiry", delegation.expiry().toString());
    return typedData(
        domain,
        "Delegation",
        List.of(
            field("delegatee", "address"), field("nonce", "uint256"), field("expiry", "uint256")),
        message);
  }

  private static Map<String, Object> typedData(
      Eip712Domain domain,
      String primaryType,
      List<Map<String, String>> fields,
      Map<String, Object> message) {
    Map<String, Object> types = new LinkedHashMap<>();
    types.put("EIP712Domain", DOMAIN_FIELDS);
    types.put(primaryType, fields);
    Map<String, Object> domainValues = new LinkedHashMap<>();
    domainValues.put("name", domain.name());
    domainValues.put("version", domain.version());
    domainValues.put("chainId", domain.chainId());
    domainValues.put("verifyingContract", domain.verifyingContract());
    Map<String, Object> typedData = new LinkedHashMap<>();
    typedData.put("types", types);
    typedData.put("primaryType", primaryType);
    typedData.put("domain", domainValues);
    typedData.put("message", message);
    return typedData;
  }

  private static Map<String, String> field(String name, String type) {
    Map<String, String> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("type", type);
    return field;
  }
}
