package org.polyculture.governance.signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The EIP-712 domain a contract signs under (its ERC-5267 {@code eip712Domain()}): name, version,
 * chain id and the contract's address. Only the four fields OpenZeppelin's {@code EIP712} uses.
 */
public record Eip712Domain(String name, String version, long chainId, String verifyingContract) {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  static final Bytes32 TYPE_HASH =
      keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

  public Eip712Domain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    verifyingContract = verifyingContract.toLowerCase(Locale.ROOT);
    if (!ADDRESS.matcher(verifyingContract).matches()) {
      throw new IllegalArgumentException("not an address: " + verifyingContract);
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive: " + chainId);
    }
  }

  /** {@code keccak256(abi.encode(TYPE_HASH, keccak(name), keccak(version), chainId, contract))}. */
  public Bytes32 separator() {
    return Keccak256.hash(
        Bytes.concatenate(
            TYPE_HASH,
            keccak(name),
            keccak(version),
            AbiWord.uint(BigInteger.valueOf(chainId)),
            AbiWord.address(verifyingContract)));
  }

  /** The digest a signer signs: {@code keccak256(0x1901 ‖ separator ‖ structHash)}. */
  public Bytes32 digest(Bytes32 structHash) {
    return Keccak256.hash(Bytes.concatenate(Bytes.of(0x19, 0x01), separator(), structHash));
  }

  static Bytes32 keccak(String text) {
    return Keccak256.hash(Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }
}
