/** Getting data from peers: worker states and step hashes, datasets; failures are values. */
package org.polyculture.verifier.fetch;
