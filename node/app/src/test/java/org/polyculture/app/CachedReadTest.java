package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A chain value behind a public endpoint: one read per period, the last good one on failure. */
class CachedReadTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Deque<Object> answers = new ArrayDeque<>();
  private int reads;

  private final CachedRead<String> stake =
      new CachedRead<>(
          "a stake",
          () -> {
            reads++;
            Object answer = answers.removeFirst();
            if (answer instanceof Exception e) {
              throw e;
            }
            return (String) answer;
          },
          now::get,
          Duration.ofSeconds(15));

  @Test
  void shouldReadOncePerPeriodHoweverOftenItIsAsked() {
    answers.add("1000");
    answers.add("2000");

    for (int i = 0; i < 50; i++) {
      assertThat(stake.get()).contains("1000");
    }
    now.addAndGet(Duration.ofSeconds(15).toNanos());

    assertThat(stake.get()).contains("2000");
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void shouldKeepTheLastGoodValueWhenAReadFails() {
    answers.add(new IOException("the chain is down"));
    answers.add("1000");
    answers.add(new IOException("the chain is down again"));

    assertThat(stake.get()).isEmpty();
    now.addAndGet(Duration.ofSeconds(15).toNanos());
    assertThat(stake.get()).contains("1000");
    now.addAndGet(Duration.ofSeconds(15).toNanos());
    assertThat(stake.get()).contains("1000");
    assertThat(reads).isEqualTo(3);
  }
}
