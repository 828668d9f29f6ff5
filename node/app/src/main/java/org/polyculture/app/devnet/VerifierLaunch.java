package org.polyculture.app.devnet;

import java.nio.file.Path;

/**
 * A verifier to start: its name, account, data directory, report server port, the steps it audits
 * per segment (0: jury duty only), and threads.
 */
public record VerifierLaunch(
    String name,
    DevnetAccount account,
    Path dataDirectory,
    int reportPort,
    int audits,
    int threads) {

  /** Where the verifier writes its report. */
  public Path reportFile() {
    return dataDirectory.resolve("report.json");
  }
}
