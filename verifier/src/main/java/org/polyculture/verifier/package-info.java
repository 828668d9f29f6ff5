/**
 * The verifier role: follows the chain, recomputes randomly sampled steps of every committed
 * segment bit for bit, opens disputes with proofs when a step does not match or a worker withholds
 * a state, and serves on dispute juries. {@link org.polyculture.verifier.VerifierNode} is the node;
 * docs/verifier.md describes the algorithm.
 */
package org.polyculture.verifier;
