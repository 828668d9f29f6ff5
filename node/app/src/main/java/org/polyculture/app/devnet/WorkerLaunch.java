package org.polyculture.app.devnet;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A worker to start: its name, account, data directory, transfer server port, threads, and (for the
 * adversarial scenarios) the cheating strategy it follows.
 */
public record WorkerLaunch(
    String name,
    DevnetAccount account,
    Path dataDirectory,
    int port,
    int threads,
    Optional<String> cheat) {}
