package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * A Governor proposal as {@code propose}, {@code queue} and {@code execute} take it: the actions
 * (targets, values, calldatas) and the description. Its id is what the Governor computes, {@code
 * uint256(keccak256(abi.encode(targets, values, calldatas, keccak256(description))))}, so it is
 * known before the proposal is submitted.
 */
public record GovernorProposal(
    List<String> targets, List<BigInteger> values, List<Bytes> calldatas, String description) {

  public GovernorProposal {
    targets = targets.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    values = List.copyOf(values);
    calldatas = List.copyOf(calldatas);
    Objects.requireNonNull(description, "description");
    if (targets.isEmpty()
        || targets.size() != values.size()
        || targets.size() != calldatas.size()) {
      throw new IllegalArgumentException(
          "a proposal has at least one action and as many targets, values and calldatas");
    }
  }

  public Bytes32 descriptionHash() {
    return Keccak256.hash(Bytes.wrap(description.getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("rawtypes") // web3j's encoder takes a raw List<Type>
  public BigInteger proposalId() {
    List<Type> parameters =
        List.of(
            new DynamicArray<>(Address.class, targets.stream().map(Address::new).toList()),
            new DynamicArray<>(Uint256.class, values.stream().map(Uint256::new).toList()),
            new DynamicArray<>(
                DynamicBytes.class,
                calldatas.stream().map(c -> new DynamicBytes(c.toArray())).toList()),
            new org.web3j.abi.datatypes.generated.Bytes32(descriptionHash().toArray()));
    Bytes encoded = Bytes.fromHexString(FunctionEncoder.encodeConstructor(parameters));
    return Keccak256.hash(encoded).toUnsignedBigInteger();
  }

  /** The calldatas as the generated wrappers take them. */
  public List<byte[]> calldataArrays() {
    List<byte[]> arrays = new ArrayList<>(calldatas.size());
    for (Bytes calldata : calldatas) {
      arrays.add(calldata.toArray());
    }
    return arrays;
  }

  /** 0x-prefixed hex calldatas, as a wallet sends them. */
  public List<String> calldataHex() {
    return calldatas.stream().map(c -> Numeric.toHexString(c.toArrayUnsafe())).toList();
  }
}
