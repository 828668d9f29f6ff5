package org.polyculture.worker.cuda;

/** Runs kernel launches in the order given, on one stream. */
interface LaunchRunner {

  void run(Launch launch);
}
