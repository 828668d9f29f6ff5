package org.polyculture.app.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.status.NodeStatus;
import org.polyculture.app.status.NodeStatusReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code polyculture status}: a running node (worker, verifier or API) at a glance: health,
 * account, stake, segments, disputes and indexer lag, as a table or as JSON.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a running node (a worker's transfer address, a verifier's --report-listen address, or"
          + " the API) how it is: health, account, stake, segments, disputes, indexer lag."
          + " Exit code 0 when it is healthy, 17 when it answers unhealthy or not at all."
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The node's base URL, for example http://127.0.0.1:8600.")
  String url;

  @Option(names = "--json", description = "Print the status as one JSON document.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    URI base = parse(url);
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new CommandFailure(ExitCode.USAGE, "--timeout must be between 1 and 600 seconds");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    NodeStatus status;
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      status = new NodeStatusReader(http, timeout).read(base);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.UNHEALTHY, "the node at " + base + " does not answer: " + e.getMessage(), e);
    } finally {
      // close() would wait for a node that is still dripping its answer.
      http.shutdownNow();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(status));
    } else {
      print(out, status);
    }
    out.flush();
    return status.healthy() ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
  }

  private static URI parse(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, "--url is not a URL: " + text);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new CommandFailure(
          ExitCode.USAGE, "--url must be an http(s) URL with a host, not '" + text + "'");
    }
    return uri;
  }

  private static String toJson(NodeStatus status) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("url", status.url());
    document.put("role", status.role());
    document.put("healthy", status.healthy());
    document.put("account", status.account().orElse(null));
    document.put("bondedStake", status.bondedStake().orElse(null));
    document.put("stake", status.stake());
    document.put("activity", status.detail().orElse(null));
    document.put("segments", status.segments());
    document.put("phases", status.phases());
    document.put("disputes", status.disputes());
    document.put("indexer", status.indexer());
    document.put("health", status.health());
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(document);
    } catch (IOException e) {
      throw new IllegalStateException("a status always serialises", e);
    }
  }

  private static void print(PrintWriter out, NodeStatus status) {
    row(out, "node", status.url() + " (" + status.role() + ")");
    row(out, "health", status.healthy() ? "ok" : "UNHEALTHY: " + status.health());
    status.account().ifPresent(account -> row(out, "account", account));
    if (!status.stake().isEmpty()) {
      row(out, "stake", stake(status.stake()));
    }
    status.detail().ifPresent(detail -> row(out, "doing", detail));
    if (!status.segments().isEmpty()) {
      row(
          out,
          status.role().equals("verifier") ? "audits" : "segments",
          figures(status.segments()));
    }
    Map<String, Long> phases = new LinkedHashMap<>(status.phases());
    phases.values().removeIf(count -> count == 0);
    if (!phases.isEmpty()) {
      row(out, "phases", figures(phases));
    }
    if (!status.disputes().isEmpty()) {
      row(out, "disputes", figures(status.disputes()));
    }
    if (!status.indexer().isEmpty()) {
      row(out, "indexer", figures(status.indexer()));
    }
  }

  /** "5000 bonded, 0 unbonding, locked until 2026-…Z, 1 open dispute (token base units)". */
  private static String stake(Map<String, String> stake) {
    List<String> parts = new ArrayList<>();
    Optional.ofNullable(stake.get("bonded")).ifPresent(bonded -> parts.add(bonded + " bonded"));
    Optional.ofNullable(stake.get("unbonding"))
        .ifPresent(unbonding -> parts.add(unbonding + " unbonding"));
    Optional.ofNullable(stake.get("lockedUntil"))
        .filter(until -> until.length() < 19 && Long.parseLong(until) > 0)
        .ifPresent(
            until -> parts.add("locked until " + Instant.ofEpochSecond(Long.parseLong(until))));
    Optional.ofNullable(stake.get("openDisputes"))
        .ifPresent(
            open -> parts.add(open + (open.equals("1") ? " open dispute" : " open disputes")));
    return String.join(", ", parts) + " (token base units)";
  }

  private static String figures(Map<String, Long> figures) {
    return figures.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("%-9s %s%n", label, value);
  }
}
