package org.polyculture.api.loss;

import java.math.BigInteger;
import java.net.URI;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.TransferClient;

/** Fetches a committed segment's per-step hashes and losses from its worker, verified. */
@FunctionalInterface
public interface StepsFetcher {

  SegmentSteps fetch(
      URI peer, BigInteger jobId, long segment, long firstStep, int length, Bytes32 stepRoot)
      throws TransferException;

  /** Through the transfer client, which checks the hashes against the committed step root. */
  static StepsFetcher of(TransferClient client) {
    return client::fetchSteps;
  }
}
