package org.polyculture.engine.model;

/**
 * The version of docs/numerics.md that this engine implements. It is part of every model spec hash
 * and every serialised training state; any change that alters one output bit of one op bumps it.
 */
public final class NumericsSpecVersion {

  public static final int CURRENT = 1;

  private NumericsSpecVersion() {}
}
