package org.polyculture.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void shouldWriteWhatTheParserReadsBack() {
    MetricsRegistry registry = new MetricsRegistry();
    registry.counter("worker_commits_total", "Commits sent").add(3);
    LabelledCounter requests = registry.counter("requests_total", "Requests", "route", "status");
    requests.increment("/v1/states/{stateHash}/tree", "200");
    requests.increment("/v1/states/{stateHash}/tree", "200");
    requests.increment("/odd \"quoted\" \\ path\nnext", "404");
    registry.gauge("indexer_lag_blocks", "Lag", () -> 7);
    registry.summary("latency_seconds", "Latency", "route").observe(0.25, "/x");

    List<MetricFamily> families = PrometheusText.parse(registry.scrape());

    assertThat(families)
        .extracting(MetricFamily::name)
        .containsExactly(
            "worker_commits_total", "requests_total", "indexer_lag_blocks", "latency_seconds");
    assertThat(families.get(0).samples()).containsExactly(Sample.of("worker_commits_total", 3));
    assertThat(families.get(1).samples())
        .contains(
            new Sample(
                "requests_total",
                Map.of("route", "/v1/states/{stateHash}/tree", "status", "200"),
                2),
            new Sample(
                "requests_total",
                Map.of("route", "/odd \"quoted\" \\ path\nnext", "status", "404"),
                1));
    assertThat(families.get(2).type()).isEqualTo(MetricType.GAUGE);
    assertThat(families.get(3).samples())
        .containsExactlyInAnyOrder(
            new Sample("latency_seconds_count", Map.of("route", "/x"), 1),
            new Sample("latency_seconds_sum", Map.of("route", "/x"), 0.25));
  }

  @Test
  void shouldRoundTripAnyValueAndLabelText() {
    qt().withExamples(300)
        .forAll(doubles().any(), strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(
            (value, label) -> {
              String text =
                  PrometheusText.write(
                      List.of(
                          new MetricFamily(
                              "m",
                              "help",
                              MetricType.GAUGE,
                              List.of(new Sample("m", Map.of("l", label), value)))));
              Sample read = PrometheusText.parse(text).get(0).samples().get(0);
              assertThat(read.label("l")).isEqualTo(label);
              assertThat(Double.compare(read.value(), value == 0 ? 0.0 : value)).isZero();
            });
  }

  @Test
  void shouldRejectSamplesWithoutType() {
    assertThatThrownBy(() -> PrometheusText.parse("orphan_total 1\n"))
        .isInstanceOf(MalformedExpositionException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void shouldRejectMalformedLines() {
    String type = "# TYPE m gauge\n";
    for (String bad :
        List.of(
            "m",
            "m abc",
            "m{l=1} 2",
            "m{l=\"1\" 2",
            "m{l=\"1\",l=\"2\"} 2",
            "m{9l=\"1\"} 2",
            "m 1 2 3",
            "m{l=\"\\x\"} 1",
            "other 1")) {
      assertThatThrownBy(() -> PrometheusText.parse(type + bad + "\n"))
          .as(bad)
          .isInstanceOf(MalformedExpositionException.class)
          .hasMessageContaining("line 2");
    }
  }

  @Test
  void shouldOnlyEverThrowTheTypedErrorOnGarbage() {
    qt().withExamples(2_000)
        .forAll(strings().allPossible().ofLengthBetween(0, 60))
        .checkAssert(
            garbage -> {
              try {
                PrometheusText.parse("# TYPE m counter\n" + garbage);
              } catch (MalformedExpositionException expected) {
                assertThat(expected).hasMessageContaining("line");
              }
            });
  }

  @Test
  void shouldBoundTheSeriesOfALabelledMetric() {
    MetricsRegistry registry = new MetricsRegistry();
    LabelledCounter counter = registry.counter("hostile_total", "Chosen by clients", "path");
    for (int i = 0; i < MetricsRegistry.DEFAULT_MAX_SERIES * 4; i++) {
      counter.increment("/p" + i);
    }

    List<Sample> samples = PrometheusText.parse(registry.scrape()).get(0).samples();

    assertThat(samples).hasSize(MetricsRegistry.DEFAULT_MAX_SERIES + 1);
    assertThat(samples.stream().mapToDouble(Sample::value).sum())
        .isEqualTo(MetricsRegistry.DEFAULT_MAX_SERIES * 4.0);
    assertThat(counter.value("other")).isEqualTo(MetricsRegistry.DEFAULT_MAX_SERIES * 3.0);
  }

  @Test
  void shouldRefuseNegativeIncrementsAndDuplicateNames() {
    MetricsRegistry registry = new MetricsRegistry();
    Counter counter = registry.counter("c_total", "c");
    assertThatThrownBy(() -> counter.add(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.counter("c_total", "again"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.counter("bad name", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldLeaveOutACollectorThatThrows() {
    MetricsRegistry registry = new MetricsRegistry();
    registry.gauge(
        "broken",
        "throws",
        () -> {
          throw new IllegalStateException("boom");
        });
    registry.gauge("fine", "works", () -> 1);

    assertThat(PrometheusText.parse(registry.scrape()))
        .extracting(MetricFamily::name)
        .containsExactly("fine");
  }
}
