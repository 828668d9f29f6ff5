package org.polyculture.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A Ganache 7 process from {@code contracts/node_modules}, listening on 127.0.0.1 at a free port,
 * mining a block per transaction (each one second after its parent), with the deterministic
 * accounts funded. Closing it stops the process.
 */
public final class GanacheProcess implements AutoCloseable {

  public static final int ACCOUNT_COUNT = 20;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final String rpcUrl;
  private final Thread shutdownHook;

  private GanacheProcess(Process process, Path log, String rpcUrl) {
    this.process = process;
    this.log = log;
    this.rpcUrl = rpcUrl;
    this.shutdownHook = new Thread(this::stopProcess, "ganache-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts Ganache and returns once it answers JSON-RPC calls. */
  public static GanacheProcess start() {
    Path root = RepositoryRoot.find();
    Path ganache = root.resolve("contracts/node_modules/.bin/ganache");
    if (!Files.isExecutable(ganache)) {
      installNodeModules(root);
    }
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return startOnce(ganache, freePort(), List.of());
      } catch (IllegalStateException e) {
        // Another process may have taken the free port between our probe and Ganache's bind.
        failure = e;
      }
    }
    throw failure;
  }

  /**
   * Starts Ganache keeping its chain in {@code database}, on {@code port} (0: a free one). A
   * process started later on the same directory continues that chain: fault tests stop the endpoint
   * and bring it back.
   */
  public static GanacheProcess startPersistent(Path database, int port) {
    Path root = RepositoryRoot.find();
    Path ganache = root.resolve("contracts/node_modules/.bin/ganache");
    if (!Files.isExecutable(ganache)) {
      installNodeModules(root);
    }
    try {
      Files.createDirectories(database);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + database, e);
    }
    return startOnce(
        ganache, port == 0 ? freePort() : port, List.of("--database.dbPath", database.toString()));
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  /** The port it listens on. */
  public int port() {
    return Integer.parseInt(rpcUrl.substring(rpcUrl.lastIndexOf(':') + 1));
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A leftover temporary log file is harmless.
    }
  }

  /**
   * Runs the pinned npm install (contracts/scripts/ensure-dependencies.js) for a module whose build
   * did not: the Maven build of the contracts and the test kit normally has.
   */
  private static void installNodeModules(Path root) {
    Path script = root.resolve("contracts/scripts/ensure-dependencies.js");
    try {
      Process install =
          new ProcessBuilder("node", script.toString())
              .inheritIO()
              .directory(root.toFile())
              .start();
      if (!install.waitFor(10, TimeUnit.MINUTES)) {
        install.destroyForcibly();
        throw new IllegalStateException("npm install of Ganache did not finish in 10 minutes");
      }
      if (install.exitValue() != 0) {
        throw new IllegalStateException(script + " failed with exit code " + install.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node (is Node.js installed?) for " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing Ganache", e);
    }
  }

  private static GanacheProcess startOnce(Path ganache, int port, List<String> extra) {
    Path log = createLog();
    List<String> command =
        new ArrayList<>(
            List.of(
                ganache.toString(),
                "--server.host",
                "127.0.0.1",
                "--server.port",
                Integer.toString(port),
                "--wallet.deterministic",
                "--wallet.totalAccounts",
                Integer.toString(ACCOUNT_COUNT),
                "--wallet.defaultBalance",
                "1000000",
                "--chain.hardfork",
                "shanghai",
                "--chain.chainId",
                "1337",
                "--miner.instamine",
                "eager",
                // Each block one second after the previous: time is monotonic and moves only with
                // blocks and evm_increaseTime. With the wall clock, Ganache can stamp a block
                // earlier than its parent, which breaks timestamp checkpoints (ERC20Votes).
                "--miner.timestampIncrement",
                "1",
                "--logging.quiet"));
    command.addAll(extra);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + ganache, e);
    }
    String rpcUrl = "http://127.0.0.1:" + port;
    GanacheProcess started = new GanacheProcess(process, log, rpcUrl);
    try {
      started.awaitReady();
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    HttpService service = new HttpService(rpcUrl);
    Web3j probe = Web3j.build(service);
    try {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Ganache exited with " + process.exitValue() + ": " + logTail());
        }
        try {
          probe.ethChainId().send();
          return;
        } catch (IOException notYetListening) {
          sleep(POLL_INTERVAL);
        }
      }
      throw new IllegalStateException(
          "Ganache did not answer within " + STARTUP_TIMEOUT + ": " + logTail());
    } finally {
      probe.shutdown();
    }
  }

  private void stopProcess() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path createLog() {
    try {
      return Files.createTempFile("ganache-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Ganache", e);
    }
  }
}
