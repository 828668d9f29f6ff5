package org.polyculture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.Environment;
import org.polyculture.app.devnet.Devnet;
import org.polyculture.app.devnet.DevnetSettings;

/**
 * The community flow in a real headless Chromium against a real devnet: Ganache, the contracts, the
 * demo community (which funds job 0), one worker, one verifier and the API serving the web UI. The
 * browser part is {@code api/web/e2e/community-flow.mjs} (Playwright driving Debian's chromium): a
 * demo holder delegates, another proposes a model (dataset from a job and from its manifest file)
 * and reviews its cost, two holders vote (one as a demo account, one through an EIP-1193 browser
 * wallet that signs the ballot), time advances, the proposal is queued and executed, the job
 * appears and its loss chart grows as the worker commits. Afterwards the chain must show the new
 * job and its commitments. Screenshots of each page, and of the failure, go to {@code
 * target/browser-test}.
 */
class BrowserCommunityFlowTest {

  private static final Path HOME =
      Path.of(System.getProperty("polyculture.home", "..")).toAbsolutePath();
  private static final Path WEB = HOME.resolve("api").resolve("web");
  private static final Path OUT =
      Path.of(System.getProperty("polyculture.browser.out", "target/browser-test"))
          .toAbsolutePath();
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("POLYCULTURE_CHROMIUM", "/usr/bin/chromium"));
  private static final long FLOW_TIMEOUT_SECONDS = 600;
  private static final int SEGMENT_LENGTH = 10;

  /** The loss points the browser waits for: three segments of the new job. */
  private static final int CHART_POINTS = 3 * SEGMENT_LENGTH;

  @Test
  void shouldTakeANewUserThroughTheCommunityFlowInTheBrowser(@TempDir Path directory)
      throws Exception {
    assertThat(CHROMIUM)
        .as(
            "Chromium at %s: scripts/test installs Debian's chromium; or set POLYCULTURE_CHROMIUM",
            CHROMIUM)
        .isExecutable();
    assertThat(WEB.resolve("node_modules").resolve("playwright-core"))
        .as("the api module's build installs the web UI's npm packages")
        .isDirectory();
    Files.createDirectories(OUT);

    DevnetSettings settings =
        DevnetSettings.builder()
            .dataDirectory(directory.resolve("devnet"))
            .corpus(corpus(directory.resolve("corpus")))
            .workers(1)
            .verifiers(1)
            .segments(1)
            .segmentLength(SEGMENT_LENGTH)
            .audits(1)
            .threads(1)
            // Chain time at wall-clock pace: the voting period (60 s) outlasts the two votes.
            .timeScale(1)
            .build();
    Environment environment = Environment.system();
    try (Devnet devnet =
        Devnet.start(
            settings,
            HOME,
            new InProcessNodes(environment),
            System.out::println,
            System::nanoTime)) {
      URI ui = devnet.apiUri().orElseThrow(() -> new AssertionError("the devnet started no API"));
      long committedBefore = devnet.poll().committed();
      assertThat(devnet.tally().jobs()).hasSize(1);

      Path manifest = settings.dataDirectory().resolve("dataset").resolve("manifest.json");
      Path demoAccounts = settings.dataDirectory().resolve("keys").resolve("demo-accounts.json");
      List<String> output = runFlow(ui, manifest, demoAccounts);

      assertThat(output.get(output.size() - 1)).startsWith("{\"ok\":true");
      devnet.poll();
      assertThat(devnet.tally().jobs()).as("job 0 and the job the browser funded").hasSize(2);
      assertThat(devnet.tally().committed() - committedBefore)
          .as("segments committed while the chart grew")
          .isGreaterThanOrEqualTo(CHART_POINTS / SEGMENT_LENGTH);
    }
  }

  private static List<String> runFlow(URI ui, Path manifest, Path demoAccounts)
      throws IOException, InterruptedException {
    Path log = OUT.resolve("flow.log");
    ProcessBuilder builder =
        new ProcessBuilder("node", "e2e/community-flow.mjs")
            .directory(WEB.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("POLYCULTURE_UI_URL", ui.toString());
    builder.environment().put("POLYCULTURE_CHROMIUM", CHROMIUM.toString());
    builder.environment().put("POLYCULTURE_E2E_OUT", OUT.toString());
    builder.environment().put("POLYCULTURE_E2E_CHART_POINTS", Integer.toString(CHART_POINTS));
    builder.environment().put("POLYCULTURE_E2E_MANIFEST", manifest.toString());
    // Bob's key goes to the test's wallet as a file path, never as an argument.
    builder.environment().put("POLYCULTURE_E2E_WALLET_ACCOUNTS", demoAccounts.toString());
    Process flow = builder.start();
    boolean ended = flow.waitFor(FLOW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      flow.descendants().forEach(ProcessHandle::destroyForcibly);
      flow.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
    output.forEach(System.out::println);
    if (!ended || flow.exitValue() != 0) {
      fail(
          (ended ? "the browser flow failed" : "the browser flow did not end in time")
              + " (screenshots and the browser console in "
              + OUT
              + "):\n"
              + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
    }
    return output;
  }

  /** About 200 KB of English-like text, the same every run. */
  private static Path corpus(Path directory) throws IOException {
    String[] words = {
      "the",
      "commons",
      "trains",
      "a",
      "model",
      "of",
      "its",
      "own",
      "and",
      "every",
      "step",
      "is",
      "checked",
      "bit",
      "for",
      "by",
      "verifiers",
      "who",
      "recompute",
      "what",
      "workers",
      "claim",
      "community",
      "votes",
      "compute",
      "to",
      "proposals",
      "that",
      "share",
      "data",
      "with",
      "care",
      "in",
      "small",
      "gardens",
      "many",
      "plants",
      "grow",
      "together",
      "under",
      "open",
      "sky"
    };
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    while (text.length() < 200_000) {
      int sentence = 6 + random.nextInt(10);
      for (int i = 0; i < sentence; i++) {
        String word = words[random.nextInt(words.length)];
        text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        text.append(i == sentence - 1 ? ".\n" : " ");
      }
    }
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("garden.txt"), text, StandardCharsets.UTF_8);
    return directory;
  }
}
