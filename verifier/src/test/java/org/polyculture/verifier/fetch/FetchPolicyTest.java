package org.polyculture.verifier.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetchPolicyTest {

  @Test
  void shouldAskAgainUntilTheDataComes() {
    List<Duration> waits = new ArrayList<>();
    AtomicInteger asked = new AtomicInteger();
    FetchPolicy policy =
        new FetchPolicy(
            5,
            Duration.ofMillis(250),
            d -> {
              waits.add(d);
              return true;
            });

    FetchResult<String> result =
        policy.fetch(
            () ->
                asked.incrementAndGet() < 3
                    ? FetchResult.failed(FetchFailure.TIMED_OUT, "slow")
                    : FetchResult.fetched("state"));

    assertThat(result.value()).contains("state");
    assertThat(asked).hasValue(3);
    assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptWithTheLastFailure() {
    AtomicInteger asked = new AtomicInteger();
    FetchPolicy policy = new FetchPolicy(3, Duration.ZERO, d -> true);

    FetchResult<String> result =
        policy.fetch(
            () ->
                FetchResult.failed(FetchFailure.NOT_SERVED, "attempt " + asked.incrementAndGet()));

    assertThat(result.failure()).contains(FetchFailure.NOT_SERVED);
    assertThat(result.message()).contains("attempt 3");
  }

  @Test
  void shouldStopAskingWhenTheWaitIsInterrupted() {
    AtomicInteger asked = new AtomicInteger();
    FetchPolicy policy = new FetchPolicy(10, Duration.ofSeconds(1), d -> false);

    policy.fetch(
        () -> {
          asked.incrementAndGet();
          return FetchResult.failed(FetchFailure.UNREACHABLE, "down");
        });

    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldRefuseNonsensicalPolicies() {
    assertThatThrownBy(() -> new FetchPolicy(0, Duration.ZERO, d -> true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FetchPolicy(1, Duration.ofSeconds(-1), d -> true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
