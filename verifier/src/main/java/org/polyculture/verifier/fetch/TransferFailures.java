package org.polyculture.verifier.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.polyculture.transfer.TransferException;

/** Maps the transfer client's failures to what they mean for a verifier. */
final class TransferFailures {

  private TransferFailures() {}

  /**
   * The failure as a value; a failure of this node's own disk is not the peer's doing and must
   * never lead to a dispute, so it is thrown.
   */
  static <T> FetchResult<T> of(TransferException e) {
    FetchFailure failure =
        switch (e.reason()) {
          case UNREACHABLE, IO -> FetchFailure.UNREACHABLE;
          case TIMEOUT -> FetchFailure.TIMED_OUT;
          case NOT_FOUND, BUSY, HTTP_STATUS -> FetchFailure.NOT_SERVED;
          case TOO_LARGE -> FetchFailure.TOO_LARGE;
          case TRUNCATED,
              MALFORMED,
              TREE_MISMATCH,
              CHUNK_MISMATCH,
              STEPS_MISMATCH,
              MANIFEST_MISMATCH,
              SHARD_MISMATCH ->
              FetchFailure.INVALID_DATA;
          case LOCAL_STORAGE -> throw new UncheckedIOException(new IOException(e.getMessage(), e));
        };
    return FetchResult.failed(failure, e.reason() + " from " + e.peer() + ": " + e.getMessage());
  }
}
