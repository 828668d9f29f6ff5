/**
 * Metrics for the long-running nodes, exported in the Prometheus text format (version 0.0.4):
 * counters, gauges and request summaries registered in a {@link
 * org.polyculture.metrics.MetricsRegistry}, JVM figures, an HTTP request recorder for Javalin
 * servers, and a strict parser of the format for tests and {@code polyculture status}.
 */
package org.polyculture.metrics;
