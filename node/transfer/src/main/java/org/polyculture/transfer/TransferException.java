package org.polyculture.transfer;

import java.net.URI;
import java.util.Objects;

/**
 * A transfer from a peer failed: the peer was unreachable or too slow, refused, or sent something
 * that is not what was asked for. Nothing the peer sent is kept when this is thrown, except chunks
 * and shards that were verified before the failure (they make the next attempt shorter).
 */
public final class TransferException extends Exception {

  /** Why a transfer failed. */
  public enum Reason {
    /** The connection could not be made. */
    UNREACHABLE,
    /** Connecting, or the whole request with its body, took longer than allowed. */
    TIMEOUT,
    /** The peer does not have what was asked for (404). */
    NOT_FOUND,
    /** The peer is overloaded (429 or 503); try later or elsewhere. */
    BUSY,
    /** Any other unexpected status, a redirect included (redirects are never followed). */
    HTTP_STATUS,
    /** The body is (or declares to be) longer than anything valid could be. */
    TOO_LARGE,
    /** The body ended before the length it must have. */
    TRUNCATED,
    /** The body is not the JSON the protocol defines. */
    MALFORMED,
    /** A state's chunk tree does not hash to the requested state hash, or has the wrong shape. */
    TREE_MISMATCH,
    /** A chunk does not match its leaf in the verified tree. */
    CHUNK_MISMATCH,
    /** A segment's per-step hashes do not rebuild the committed step root. */
    STEPS_MISMATCH,
    /** A dataset manifest is invalid, or its root or manifest hash is not the one asked for. */
    MANIFEST_MISMATCH,
    /** A dataset shard does not have the SHA-256 or size its manifest lists. */
    SHARD_MISMATCH,
    /** The connection failed during the exchange. */
    IO,
    /** Writing verified data to the local disk failed. */
    LOCAL_STORAGE
  }

  private final Reason reason;
  private final URI peer;

  public TransferException(Reason reason, URI peer, String message) {
    this(reason, peer, message, null);
  }

  public TransferException(Reason reason, URI peer, String message, Throwable cause) {
    super(peer + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.peer = Objects.requireNonNull(peer, "peer");
  }

  public Reason reason() {
    return reason;
  }

  /** The peer the transfer was from (or the local directory, for {@link Reason#LOCAL_STORAGE}). */
  public URI peer() {
    return peer;
  }

  /**
   * Whether the peer proved itself wrong or hostile (it sent bytes that fail verification), as
   * opposed to being absent, slow or busy.
   */
  public boolean peerMisbehaved() {
    return switch (reason) {
      case TOO_LARGE,
          TRUNCATED,
          MALFORMED,
          TREE_MISMATCH,
          CHUNK_MISMATCH,
          STEPS_MISMATCH,
          MANIFEST_MISMATCH,
          SHARD_MISMATCH ->
          true;
      default -> false;
    };
  }
}
