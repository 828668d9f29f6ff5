package org.polyculture.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.polyculture.api.ApiNode;
import org.polyculture.api.ApiSettings;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;

/**
 * API read latency and throughput on loopback (scripts/bench.d/50-api). Seeds an LMDB index with
 * the API's own indexers from a {@link SyntheticChain} holding {@code jobs x segments} segments,
 * then sends a mix of the UI's reads open-loop at a fixed rate (latency measured from each
 * request's scheduled send time, so a stalled server is not hidden by a waiting client), and
 * finally closed-loop with a fixed number of concurrent clients for the throughput. Prints one
 * Markdown section.
 *
 * <p>Arguments: {@code jobs segmentsPerJob segmentLength rate warmupSeconds seconds clients
 * machineLine}.
 */
public final class ApiLatencyBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(args[0]);
    int segmentsPerJob = Integer.parseInt(args[1]);
    int segmentLength = Integer.parseInt(args[2]);
    int rate = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int clients = Integer.parseInt(args[6]);
    String machine = args[7];

    long buildStart = System.nanoTime();
    SyntheticCommons commons = SyntheticCommons.build(jobs, segmentsPerJob, segmentLength);
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    Path directory = Files.createTempDirectory("api-bench");
    KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory));
    ChainClient chain =
        ChainClient.connect(
            commons.chain(), TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL);
    long indexStart = System.nanoTime();
    ApiNode node =
        ApiNode.start(
            new ApiNode.Config(
                ApiSettings.builder().host("127.0.0.1").port(0).reads(1_000_000, 1_000_000).build(),
                chain,
                commons.chain(),
                SyntheticCommons.DEPLOYMENT,
                storage,
                TransactionSettings.instamine(),
                IndexerSettings.devnet(),
                Duration.ofHours(1),
                Optional.empty(),
                Optional.empty(),
                (peer, jobId, segment, firstStep, length, root) -> {
                  throw new org.polyculture.transfer.TransferException(
                      org.polyculture.transfer.TransferException.Reason.UNREACHABLE,
                      peer,
                      "no workers in the benchmark");
                },
                4,
                1_000_000,
                Clock.systemUTC(),
                System::nanoTime));
    double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
    URI base = node.server().baseUri();
    HttpClient http =
        HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(8))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long segments = countSegments(http, base);
    List<Endpoint> mix = mix(commons, jobs, segmentsPerJob);

    Run warm = openLoop(http, base, mix, rate, warmup, new Random(1));
    Map<String, Double> alone = alone(http, base, mix, 100, new Random(4));
    Run measured = openLoop(http, base, mix, rate, seconds, new Random(2));
    Run closed = closedLoop(http, base, mix, clients, seconds, new Random(3));
    node.close();
    storage.close();
    chain.close();

    print(
        machine,
        jobs,
        segmentsPerJob,
        segmentLength,
        segments,
        commons.chain().logCount(),
        buildSeconds,
        indexSeconds,
        rate,
        warmup,
        seconds,
        clients,
        warm,
        measured,
        closed,
        mix,
        alone);
    System.exit(0);
  }

  private static long countSegments(HttpClient http, URI base) throws Exception {
    JsonNode jobs = get(http, base, "/v1/jobs?limit=100").get("items");
    long segments = 0;
    for (JsonNode job : jobs) {
      JsonNode progress = job.get("progress");
      for (String status :
          List.of(
              "claimed", "committed", "finalized", "rewarded", "fraud", "voided", "compensated")) {
        segments += progress.get(status).asLong();
      }
    }
    return segments;
  }

  private static JsonNode get(HttpClient http, URI base, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The reads a UI makes, weighted by how often its pages make them. */
  private static List<Endpoint> mix(SyntheticCommons commons, int jobs, int segmentsPerJob) {
    String worker = commons.workers().get(0);
    String proposal = commons.proposals().get(0).toString();
    List<Endpoint> mix = new ArrayList<>();
    mix.add(
        new Endpoint(
            "GET /v1/jobs/{id}/segments?from=..&limit=50",
            30,
            r ->
                "/v1/jobs/"
                    + r.nextInt(jobs)
                    + "/segments?limit=50&from="
                    + r.nextInt(segmentsPerJob)));
    mix.add(new Endpoint("GET /v1/jobs/{id}", 15, r -> "/v1/jobs/" + r.nextInt(jobs)));
    mix.add(
        new Endpoint(
            "GET /v1/jobs/{id}/segments/{i}",
            10,
            r -> "/v1/jobs/" + r.nextInt(jobs) + "/segments/" + r.nextInt(segmentsPerJob)));
    mix.add(new Endpoint("GET /v1/proposals", 10, r -> "/v1/proposals"));
    mix.add(new Endpoint("GET /v1/proposals/{id}", 10, r -> "/v1/proposals/" + proposal));
    mix.add(new Endpoint("GET /v1/jobs", 5, r -> "/v1/jobs"));
    mix.add(
        new Endpoint("GET /v1/participants?role=worker", 5, r -> "/v1/participants?role=worker"));
    mix.add(new Endpoint("GET /v1/participants/{address}", 5, r -> "/v1/participants/" + worker));
    mix.add(new Endpoint("GET /v1/network", 5, r -> "/v1/network"));
    mix.add(
        new Endpoint(
            "GET /v1/jobs/{id}/loss?per=segment&limit=200",
            5,
            r ->
                "/v1/jobs/"
                    + r.nextInt(jobs)
                    + "/loss?per=segment&limit=200&from="
                    + r.nextInt(segmentsPerJob)));
    return mix;
  }

  private static Endpoint pick(List<Endpoint> mix, Random random) {
    int total = mix.stream().mapToInt(Endpoint::weight).sum();
    int roll = random.nextInt(total);
    for (Endpoint endpoint : mix) {
      roll -= endpoint.weight();
      if (roll < 0) {
        return endpoint;
      }
    }
    throw new IllegalStateException();
  }

  private static Run openLoop(
      HttpClient http, URI base, List<Endpoint> mix, int rate, int seconds, Random random)
      throws Exception {
    int total = rate * seconds;
    long period = 1_000_000_000L / rate;
    Run run = new Run(total);
    List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
    long start = System.nanoTime() + 10_000_000L;
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * period;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Endpoint endpoint = pick(mix, random);
      String path = endpoint.path().apply(random);
      inFlight.add(
          http.sendAsync(
                  HttpRequest.newBuilder(base.resolve(path)).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete(
                  (response, failure) ->
                      run.record(endpoint.name(), scheduled, response, failure)));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .get(120, TimeUnit.SECONDS);
    run.finish(System.nanoTime() - start);
    return run;
  }

  /** Each endpoint's latency with nothing else in flight: the server's own time per request. */
  private static Map<String, Double> alone(
      HttpClient http, URI base, List<Endpoint> mix, int requests, Random random) throws Exception {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Endpoint endpoint : mix) {
      long[] latencies = new long[requests];
      for (int i = 0; i < requests; i++) {
        long sent = System.nanoTime();
        http.send(
            HttpRequest.newBuilder(base.resolve(endpoint.path().apply(random))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        latencies[i] = System.nanoTime() - sent;
      }
      medians.put(endpoint.name(), percentile(latencies, 0.5));
    }
    return medians;
  }

  private static Run closedLoop(
      HttpClient http, URI base, List<Endpoint> mix, int clients, int seconds, Random seed)
      throws Exception {
    Run run = new Run(0);
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (int c = 0; c < clients; c++) {
      Random random = new Random(seed.nextLong());
      pool.execute(
          () -> {
            while (System.nanoTime() < end) {
              Endpoint endpoint = pick(mix, random);
              long sent = System.nanoTime();
              try {
                HttpResponse<byte[]> response =
                    http.send(
                        HttpRequest.newBuilder(base.resolve(endpoint.path().apply(random))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                run.record(endpoint.name(), sent, response, null);
              } catch (Exception e) {
                run.record(endpoint.name(), sent, null, e);
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    run.finish(System.nanoTime() - start);
    return run;
  }

  private static void print(
      String machine,
      int jobs,
      int segmentsPerJob,
      int segmentLength,
      long segments,
      int logs,
      double buildSeconds,
      double indexSeconds,
      int rate,
      int warmup,
      int seconds,
      int clients,
      Run warm,
      Run measured,
      Run closed,
      List<Endpoint> mix,
      Map<String, Double> alone) {
    StringBuilder out = new StringBuilder();
    out.append("## API read latency\n\n");
    out.append("Measured ")
        .append(machine)
        .append(" (shared machine: other engineers' builds run on the same 2 cores).\n");
    out.append("The index: ")
        .append(segments)
        .append(" segments (")
        .append(jobs)
        .append(" jobs × ")
        .append(segmentsPerJob)
        .append(" segments of ")
        .append(segmentLength)
        .append(" steps), ")
        .append(logs)
        .append(
            " logs of a synthetic chain (`SyntheticChain`: a JSON-RPC fixture that answers the indexers'\n")
        .append("`eth_getLogs` and block reads) indexed by the API's own indexers into LMDB in ")
        .append(String.format(Locale.ROOT, "%.1f", indexSeconds))
        .append(" s (history built in ")
        .append(String.format(Locale.ROOT, "%.1f", buildSeconds))
        .append(" s).\n");
    out.append(
            "Load: a mix of the UI's reads on loopback from a Java HTTP client in the same JVM; open loop at ")
        .append(rate)
        .append(" requests/s for ")
        .append(seconds)
        .append(" s after ")
        .append(warmup)
        .append(" s of warm-up, latency counted from each request's scheduled send time; then ")
        .append(clients)
        .append(" clients in a closed loop for ")
        .append(seconds)
        .append(" s. Rate limit raised for the run.\n\n");
    out.append(
        "| run | requests | errors | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | target p99 ≤ 50 ms at 500 req/s |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    row(
        out,
        "open loop, " + rate + " req/s",
        measured,
        rate >= 500
            ? (measured.percentile(0.99) <= 50 && measured.errors() == 0 ? "met" : "**not met**")
            : "(rate below 500)");
    row(out, "closed loop, " + clients + " clients", closed, "(throughput)");
    out.append("\nPer endpoint in the open-loop run (weights are shares of the mix):\n\n");
    out.append(
        "| endpoint | weight | requests | p50 ms | p99 ms | p50 ms alone (1 client) |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Endpoint endpoint : mix) {
      long[] latencies = measured.latencies(endpoint.name());
      out.append("| `")
          .append(endpoint.name())
          .append("` | ")
          .append(endpoint.weight())
          .append("% | ")
          .append(latencies.length)
          .append(" | ")
          .append(ms(percentile(latencies, 0.5)))
          .append(" | ")
          .append(ms(percentile(latencies, 0.99)))
          .append(" | ")
          .append(ms(alone.get(endpoint.name())))
          .append(" |\n");
    }
    out.append("\nWarm-up run (not counted): p50 ")
        .append(ms(warm.percentile(0.5)))
        .append(" ms, p99 ")
        .append(ms(warm.percentile(0.99)))
        .append(" ms.\n");
    System.out.print(out);
  }

  private static void row(StringBuilder out, String name, Run run, String verdict) {
    out.append("| ")
        .append(name)
        .append(" | ")
        .append(run.count())
        .append(" | ")
        .append(run.errors())
        .append(" | ")
        .append(String.format(Locale.ROOT, "%.0f", run.count() / (run.elapsedNanos() / 1e9)))
        .append(" | ")
        .append(ms(run.percentile(0.5)))
        .append(" | ")
        .append(ms(run.percentile(0.9)))
        .append(" | ")
        .append(ms(run.percentile(0.99)))
        .append(" | ")
        .append(ms(run.percentile(0.999)))
        .append(" | ")
        .append(ms(run.percentile(1.0)))
        .append(" | ")
        .append(verdict)
        .append(" |\n");
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static double percentile(long[] nanos, double p) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** A kind of request in the mix. */
  private record Endpoint(
      String name, int weight, java.util.function.Function<Random, String> path) {}

  /** Latencies of one run, per endpoint. */
  private static final class Run {
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> byEndpoint = new LinkedHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong count = new AtomicLong();
    private long elapsedNanos;

    Run(int expected) {}

    void record(String endpoint, long startNanos, HttpResponse<?> response, Throwable failure) {
      long latency = System.nanoTime() - startNanos;
      count.incrementAndGet();
      if (failure != null || response == null || response.statusCode() != 200) {
        errors.incrementAndGet();
      }
      samples.add(new long[] {latency});
      synchronized (byEndpoint) {
        byEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).add(latency);
      }
    }

    void finish(long elapsed) {
      this.elapsedNanos = elapsed;
    }

    long count() {
      return count.get();
    }

    int errors() {
      return errors.get();
    }

    long elapsedNanos() {
      return elapsedNanos;
    }

    double percentile(double p) {
      return ApiLatencyBenchmark.percentile(samples.stream().mapToLong(s -> s[0]).toArray(), p);
    }

    long[] latencies(String endpoint) {
      synchronized (byEndpoint) {
        ConcurrentLinkedQueue<Long> values = byEndpoint.get(endpoint);
        return values == null ? new long[0] : values.stream().mapToLong(Long::longValue).toArray();
      }
    }
  }
}
