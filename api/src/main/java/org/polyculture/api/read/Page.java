package org.polyculture.api.read;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list: the items, and the cursor to pass as {@code before} (newest-first lists) or
 * {@code from} (ordered lists) for the next page, absent on the last page.
 */
public record Page<T>(List<T> items, Optional<String> next) {

  public Page {
    items = List.copyOf(items);
  }
}
