package org.polyculture.app.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A Ganache process from the checkout's {@code contracts/node_modules} (installed by the build),
 * listening on 127.0.0.1 at a free port: chain id 1337, the Shanghai fork, a block per transaction,
 * each block one second after its parent. No account is funded at start and no key is given to it:
 * the devnet funds its own accounts with {@code evm_setAccountBalance}. Closing it stops the
 * process.
 */
public final class LocalGanache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalGanache.class);
  public static final long CHAIN_ID = 1337;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final String rpcUrl;
  private final Thread shutdownHook;

  private LocalGanache(Process process, Path log, String rpcUrl) {
    this.process = process;
    this.log = log;
    this.rpcUrl = rpcUrl;
    // Ganache does not notice that its parent is gone: stop it when this JVM ends, however the
    // devnet ends (a scenario interrupted by Ctrl-C has no other hook that would).
    this.shutdownHook = new Thread(this::stopProcess, "ganache-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The Ganache executable of a checkout at {@code home}. */
  public static Path executable(Path home) {
    return home.resolve("contracts").resolve("node_modules").resolve(".bin").resolve("ganache");
  }

  /**
   * Starts Ganache from the checkout at {@code home}, writing its output to {@code log}, and
   * returns once it answers JSON-RPC.
   */
  public static LocalGanache start(Path home, Path log) {
    Path ganache = executable(home);
    if (!Files.isExecutable(ganache)) {
      throw new IllegalStateException(
          ganache
              + " is missing: build the checkout first (scripts/polyculture builds it, or"
              + " 'mvn -B package -pl node/app -am')");
    }
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return startOnce(ganache, freePort(), log);
      } catch (PortTakenException e) {
        // Another process took the port between our probe and Ganache's bind: try another.
        failure = e;
      }
    }
    throw failure;
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Ganache did not stop within {}; killing it", STOP_TIMEOUT);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("Ganache stopped");
  }

  private static LocalGanache startOnce(Path ganache, int port, Path log) {
    List<String> command =
        List.of(
            ganache.toString(),
            "--server.host",
            "127.0.0.1",
            "--server.port",
            Integer.toString(port),
            "--wallet.totalAccounts",
            "0",
            "--chain.hardfork",
            "shanghai",
            "--chain.chainId",
            Long.toString(CHAIN_ID),
            "--miner.instamine",
            "eager",
            // Each block one second after its parent: time is monotonic and moves only with blocks
            // and evm_increaseTime, which timestamp checkpoints (ERC20Votes) need.
            "--miner.timestampIncrement",
            "1",
            "--logging.quiet");
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + ganache, e);
    }
    LocalGanache started = new LocalGanache(process, log, "http://127.0.0.1:" + port);
    try {
      started.awaitReady();
      LOG.info("Ganache (pid {}) answers at {}", process.pid(), started.rpcUrl);
      return started;
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    Web3j probe = Web3j.build(new HttpService(rpcUrl));
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          String tail = logTail();
          if (tail.contains("EADDRINUSE")) {
            throw new PortTakenException(tail);
          }
          throw new IllegalStateException(
              "Ganache exited with " + process.exitValue() + ": " + tail);
        }
        try {
          probe.ethChainId().send();
          return;
        } catch (IOException notYetListening) {
          Thread.sleep(POLL_INTERVAL);
        }
      }
      throw new IllegalStateException(
          "Ganache did not answer within " + STARTUP_TIMEOUT + ": " + logTail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Ganache", e);
    } finally {
      probe.shutdown();
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

  /** A free TCP port on the loopback interface (free now; a race with other processes remains). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String log) {
      super("Ganache's port was taken: " + log);
    }
  }
}
