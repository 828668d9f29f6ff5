package org.polyculture.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void shouldAllowTheBurstThenTheRate() {
    RateLimiter limiter = new RateLimiter(2, 3, 100, now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    now.addAndGet(500_000_000L);
    assertThat(limiter.acquire("a")).as("one token back after half a second at 2/s").isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
  }

  @Test
  void shouldKeepClientsApart() {
    RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void shouldTellHowLongToWaitAtSlowRates() {
    RateLimiter limiter = new RateLimiter(0.1, 1, 100, now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(10);
  }

  @Test
  void shouldBoundItsMemoryByForgettingTheLeastRecentClients() {
    RateLimiter limiter = new RateLimiter(1, 1, 1_000, now::get);
    for (int client = 0; client < 100_000; client++) {
      limiter.acquire("10.0." + (client >> 8) + "." + (client & 0xff));
    }
    assertThat(limiter.clients()).isEqualTo(1_000);
    assertThat(limiter.acquire("10.0.0.0")).as("forgotten, so a full bucket again").isZero();
  }
}
