/**
 * Polyculture's contracts as Java sees them: the Web3j wrappers generated at build time into {@code
 * org.polyculture.contracts.generated} (one class per contract, with its bytecode, functions,
 * events and custom errors), the contracts' ABIs as classpath resources under {@code
 * org/polyculture/contracts/abi/}, and the decoding of the custom errors a reverted call returns.
 */
package org.polyculture.contracts;
