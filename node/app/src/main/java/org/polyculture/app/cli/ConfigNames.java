package org.polyculture.app.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.polyculture.engine.model.NamedConfig;

/** The named model configurations, for {@code --help} and completion. */
public final class ConfigNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(NamedConfig.values()).map(NamedConfig::cliName).iterator();
  }
}
