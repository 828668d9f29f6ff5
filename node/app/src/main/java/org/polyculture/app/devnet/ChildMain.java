package org.polyculture.app.devnet;

import java.io.IOException;
import java.io.InputStream;
import org.polyculture.app.Polyculture;

/**
 * The entry point of a node process the devnet starts: {@code polyculture} itself, plus a watchdog
 * on standard input, which the devnet holds open for the child's whole life. When the devnet
 * process ends, however it ends (even killed outright), the pipe closes, the watchdog reads end of
 * file and the child exits through its shutdown hooks: no orphan keeps running.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) {
    Thread watchdog =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                byte[] ignored = new byte[256];
                while (in.read(ignored) >= 0) {
                  // The devnet never writes; anything read is discarded.
                }
              } catch (IOException e) {
                // A broken pipe means the same as end of file: the parent is gone.
              }
              System.exit(0);
            },
            "devnet-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Polyculture.main(args);
  }
}
