package org.polyculture.storage.checkpoint;

import static org.polyculture.engine.state.TrainingStateFixture.aState;

import java.nio.file.Path;
import java.util.Optional;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;

/**
 * Run in a child JVM by {@link CheckpointFaultTest}: records checkpoints of the nano model, step
 * after step, as fast as it can, printing each step it recorded, until it is killed.
 */
public final class CheckpointWriterProcess {

  private CheckpointWriterProcess() {}

  public static void main(String[] args) {
    KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(Path.of(args[0])));
    CheckpointStore store = new CheckpointStore(storage, StateHasher.singleThreaded());
    for (long step = 1; ; step++) {
      store.record(
          aState().config(NamedConfig.NANO.config()).values(step).step(step).build(),
          Optional.of((float) step),
          true);
      System.out.println(step);
      System.out.flush();
    }
  }
}
