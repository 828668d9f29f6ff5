package org.polyculture.contracts;

import java.util.List;
import org.web3j.utils.Numeric;

/**
 * A revert reason decoded from a call's revert data: a contract's custom error, Solidity's {@code
 * Error(string)} or {@code Panic(uint256)}.
 *
 * @param name the error's name, e.g. {@code NotLeaseHolder}
 * @param signature the canonical signature, e.g. {@code NotLeaseHolder(uint256,uint256,address)}
 * @param arguments the decoded arguments as Java values (BigInteger, String, byte[], Boolean), in
 *     order
 */
public record DecodedError(String name, String signature, List<Object> arguments) {

  public DecodedError {
    arguments = List.copyOf(arguments);
  }

  /** The argument at {@code index} as its Java value (BigInteger, String, byte[], Boolean...). */
  public Object argument(int index) {
    return arguments.get(index);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      Object argument = arguments.get(i);
      text.append(argument instanceof byte[] bytes ? Numeric.toHexString(bytes) : argument);
    }
    return text.append(')').toString();
  }
}
