package org.polyculture.bench;

import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateCodec;

/** Prints the serialised state size in bytes of each named config given: {@code NAME BYTES}. */
public final class StateSize {

  private StateSize() {}

  public static void main(String[] names) {
    for (String name : names) {
      System.out.println(
          name + " " + StateCodec.encodedLength(NamedConfig.byName(name).orElseThrow().config()));
    }
  }
}
