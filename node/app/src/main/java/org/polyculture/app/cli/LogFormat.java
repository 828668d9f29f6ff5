package org.polyculture.app.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How the process logs: {@code text} (a human-readable line per event, the default) or {@code json}
 * (one JSON object per line, for log collectors). Both go to standard error; logback.xml defines
 * them and this switches between them after the command line is read.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The logback context property logback.xml reads the format from. */
  static final String PROPERTY = "polyculture.log.format";

  /** The appender name in logback.xml. */
  public String appender() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reconfigures logback from its logback.xml with this format. Does nothing when logback is not
   * the logging backend, or no logback.xml is on the class path (tests bring their own).
   */
  public void apply() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    URL config = LogFormat.class.getResource("/logback.xml");
    if (!(factory instanceof LoggerContext context) || config == null) {
      return;
    }
    context.reset();
    context.putProperty(PROPERTY, appender());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("logback.xml is invalid: " + e.getMessage(), e);
    }
  }
}
