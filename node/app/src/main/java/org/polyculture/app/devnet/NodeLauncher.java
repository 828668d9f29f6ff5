package org.polyculture.app.devnet;

import java.util.Optional;

/** Starts the devnet's nodes: as separate processes, or inside this one (for tests). */
public interface NodeLauncher {

  RunningNode worker(NodeContext context, WorkerLaunch launch);

  RunningNode verifier(NodeContext context, VerifierLaunch launch);

  /** The API, when this launcher and this build can start it. */
  Optional<RunningNode> api(NodeContext context, ApiLaunch launch);
}
