package org.polyculture.api.index;

import java.math.BigInteger;

/** What one worker did on one job: segments claimed, committed, rewarded, and proven fraud. */
public record WorkerOnJob(
    BigInteger jobId, String worker, long claims, long commits, long rewarded, long fraud) {

  WorkerOnJob add(long claim, long commit, long reward, long fraudulent) {
    return new WorkerOnJob(
        jobId, worker, claims + claim, commits + commit, rewarded + reward, fraud + fraudulent);
  }
}
