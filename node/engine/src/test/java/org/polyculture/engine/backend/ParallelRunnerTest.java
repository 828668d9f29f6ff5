package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelRunnerTest {

  @Test
  void shouldRunEveryChunkExactlyOnce() {
    ParallelRunner runner = new ParallelRunner(BackendParity.EXECUTOR, 3);
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);

    for (int round = 0; round < 20; round++) {
      runner.run(runs.length(), runs::incrementAndGet);
    }

    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("chunk %d", i).isEqualTo(20);
    }
  }

  @Test
  void shouldFinishOnTheCallingThreadWhenTheExecutorIsBusy() throws InterruptedException {
    ExecutorService single = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try {
      single.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      AtomicIntegerArray runs = new AtomicIntegerArray(50);

      new ParallelRunner(single, 4).run(runs.length(), runs::incrementAndGet);

      for (int i = 0; i < runs.length(); i++) {
        assertThat(runs.get(i)).isEqualTo(1);
      }
    } finally {
      release.countDown();
      single.shutdown();
      assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldRunEverythingItselfWhenTheExecutorRejectsTasks() {
    ExecutorService closed = Executors.newSingleThreadExecutor();
    closed.shutdown();
    AtomicIntegerArray runs = new AtomicIntegerArray(10);

    new ParallelRunner(closed, 2).run(runs.length(), runs::incrementAndGet);

    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).isEqualTo(1);
    }
  }

  @Test
  void shouldRethrowTheFailureOfAChunk() {
    ParallelRunner runner = new ParallelRunner(BackendParity.EXECUTOR, 3);

    assertThatThrownBy(
            () ->
                runner.run(
                    100,
                    chunk -> {
                      if (chunk == 57) {
                        throw new IllegalArgumentException("chunk 57 is bad");
                      }
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk 57 is bad");
  }

  @Test
  void shouldRejectFewerThanOneThread() {
    assertThatThrownBy(() -> new ParallelRunner(BackendParity.EXECUTOR, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNameTheCpuBackend() {
    try (VectorBackend backend = new VectorBackend(BackendParity.EXECUTOR, 2)) {
      assertThat(backend.name()).isEqualTo("cpu");
    }
  }
}
