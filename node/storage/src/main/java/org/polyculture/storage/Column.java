package org.polyculture.storage;

/**
 * A named key space inside a {@link KeyValueStorage} (an LMDB named database). Keys of different
 * columns never collide.
 */
public record Column(String name) {

  public Column {
    if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "column name must be 1-64 lowercase letters, digits, '_' or '-': " + name);
    }
  }
}
