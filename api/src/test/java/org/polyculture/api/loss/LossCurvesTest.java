package org.polyculture.api.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferException;

/** The loss cache without a chain: fetched in the background, bounded, failures retried later. */
class LossCurvesTest {

  private static final IndexedJob JOB =
      new IndexedJob(
          BigInteger.ONE,
          "0x00",
          "0x00",
          "0x00",
          40,
          10,
          BigInteger.ONE,
          BigInteger.ONE,
          60,
          60,
          BigInteger.TEN,
          1,
          null,
          0,
          null,
          List.of());

  private final List<Runnable> queued = new ArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private long millis = 0;
  private boolean failing;

  @Test
  void shouldAnswerPendingThenAvailableAfterTheFetch() {
    LossCurves curves = curves(1_000);
    IndexedSegment segment = committed(0);
    assertThat(curves.segments(JOB, List.of(segment)).get(0).availability())
        .isEqualTo(LossCurves.Availability.PENDING);
    assertThat(curves.segments(JOB, List.of(segment)).get(0).availability())
        .as("asked twice before the fetch ran: fetched once")
        .isEqualTo(LossCurves.Availability.PENDING);
    runQueued();
    assertThat(fetches).hasValue(1);
    LossCurves.SegmentLoss loss = curves.segments(JOB, List.of(segment)).get(0);
    assertThat(loss.availability()).isEqualTo(LossCurves.Availability.AVAILABLE);
    assertThat(loss.losses().orElseThrow()).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
  }

  @Test
  void shouldNotAskAFailedWorkerAgainBeforeTheRetryTime() {
    LossCurves curves = curves(1_000);
    failing = true;
    IndexedSegment segment = committed(0);
    curves.segments(JOB, List.of(segment));
    runQueued();
    assertThat(curves.segments(JOB, List.of(segment)).get(0).availability())
        .isEqualTo(LossCurves.Availability.UNAVAILABLE);
    assertThat(queued).isEmpty();
    millis += 31_000;
    failing = false;
    assertThat(curves.segments(JOB, List.of(segment)).get(0).availability())
        .isEqualTo(LossCurves.Availability.PENDING);
    runQueued();
    assertThat(curves.segments(JOB, List.of(segment)).get(0).availability())
        .isEqualTo(LossCurves.Availability.AVAILABLE);
  }

  @Test
  void shouldHoldAtMostTheConfiguredSteps() {
    LossCurves curves = curves(25);
    List<IndexedSegment> segments = List.of(committed(0), committed(1), committed(2), committed(3));
    curves.segments(JOB, segments);
    runQueued();
    assertThat(curves.cachedSteps()).isEqualTo(20);
    assertThat(curves.segments(JOB, segments))
        .extracting(LossCurves.SegmentLoss::availability)
        .containsExactly(
            LossCurves.Availability.PENDING,
            LossCurves.Availability.PENDING,
            LossCurves.Availability.AVAILABLE,
            LossCurves.Availability.AVAILABLE);
  }

  @Test
  void shouldNotFetchSegmentsThatAreNotCommittedOrWereVoided() {
    LossCurves curves = curves(1_000);
    IndexedSegment claimed =
        new IndexedSegment(
            BigInteger.ONE, 0, IndexedSegment.Status.CLAIMED, "0x01", 5, null, null, null, 1);
    IndexedSegment voided =
        new IndexedSegment(
            BigInteger.ONE,
            1,
            IndexedSegment.Status.VOIDED,
            "0x01",
            5,
            "0x" + "11".repeat(32),
            "0x" + "22".repeat(32),
            "0x" + "33".repeat(32),
            1);
    assertThat(curves.segments(JOB, List.of(claimed, voided)))
        .extracting(LossCurves.SegmentLoss::availability)
        .containsOnly(LossCurves.Availability.NOT_COMMITTED);
    assertThat(queued).isEmpty();
  }

  private LossCurves curves(long maxSteps) {
    return new LossCurves(
        (peer, jobId, segment, firstStep, length, root) -> fetch(segment, firstStep, length),
        new AbstractExecutorService() {
          @Override
          public void execute(Runnable command) {
            queued.add(command);
          }

          @Override
          public void shutdown() {}

          @Override
          public List<Runnable> shutdownNow() {
            return List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
          }
        },
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(millis);
          }
        },
        maxSteps,
        Duration.ofSeconds(30),
        worker -> Optional.of(URI.create("http://127.0.0.1:9")));
  }

  private SegmentSteps fetch(long segment, long firstStep, int length) throws TransferException {
    fetches.incrementAndGet();
    if (failing) {
      throw new TransferException(
          TransferException.Reason.UNREACHABLE, URI.create("http://127.0.0.1:9"), "down");
    }
    List<Bytes32> hashes = new ArrayList<>();
    List<Float> losses = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      hashes.add(Bytes32.ZERO);
      losses.add((float) (firstStep - segment * length + i));
    }
    return SegmentSteps.of(BigInteger.ONE, segment, firstStep, hashes, losses);
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  private static IndexedSegment committed(long segment) {
    return new IndexedSegment(
        BigInteger.ONE,
        segment,
        IndexedSegment.Status.COMMITTED,
        "0x01",
        5,
        "0x" + "11".repeat(32),
        "0x" + "22".repeat(32),
        "0x" + "33".repeat(32),
        1);
  }
}
