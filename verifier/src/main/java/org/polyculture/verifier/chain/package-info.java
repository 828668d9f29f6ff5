/** The verifier on chain: events it follows, transactions it sends, state it reconciles with. */
package org.polyculture.verifier.chain;
