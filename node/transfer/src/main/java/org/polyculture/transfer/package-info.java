/**
 * Content-addressed transfer between nodes (docs/transfer.md): training states by their state hash
 * (the chunk tree first, then chunks each checked against its leaf), committed segments' per-step
 * hashes checked against their step root, and datasets by their root (the manifest checked against
 * the job's manifest hash, then shards by SHA-256). {@link org.polyculture.transfer.server} serves
 * them over HTTP; {@link org.polyculture.transfer.client} fetches them from untrusted peers.
 */
package org.polyculture.transfer;
