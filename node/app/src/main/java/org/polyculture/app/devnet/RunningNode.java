package org.polyculture.app.devnet;

/** A node the devnet started; closing it stops it and waits until it has. */
public interface RunningNode extends AutoCloseable {

  String name();

  boolean isAlive();

  /** Where it runs, for people: a process id and log file, or this process. */
  String describe();

  @Override
  void close();
}
