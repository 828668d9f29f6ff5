package org.polyculture.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM's own figures, read from its management beans at each scrape: heap and non-heap memory,
 * memory pools, garbage collections and their time, threads, loaded classes, uptime and process CPU
 * time. Names follow the Prometheus Java client's, so existing JVM dashboards read them.
 */
public final class JvmMetrics implements Collector {

  private JvmMetrics() {}

  /** Registers the JVM collector in {@code registry}. */
  public static void register(MetricsRegistry registry) {
    registry.register(new JvmMetrics());
  }

  @Override
  public List<MetricFamily> collect() {
    List<MetricFamily> families = new ArrayList<>();
    var memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    families.add(
        gauge(
            "jvm_memory_bytes_used",
            "Used bytes of a memory area",
            List.of(area("heap", heap.getUsed()), area("nonheap", nonHeap.getUsed()))));
    families.add(
        gauge(
            "jvm_memory_bytes_committed",
            "Committed bytes of a memory area",
            List.of(area("heap", heap.getCommitted()), area("nonheap", nonHeap.getCommitted()))));
    families.add(
        gauge(
            "jvm_memory_bytes_max",
            "Maximum bytes of a memory area (-1 when undefined)",
            List.of(area("heap", heap.getMax()), area("nonheap", nonHeap.getMax()))));
    List<Sample> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pool.getUsage();
      if (usage != null) {
        pools.add(
            new Sample(
                "jvm_memory_pool_bytes_used", Map.of("pool", pool.getName()), usage.getUsed()));
      }
    }
    families.add(gauge("jvm_memory_pool_bytes_used", "Used bytes of a memory pool", pools));
    List<Sample> gcCounts = new ArrayList<>();
    List<Sample> gcTimes = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      Map<String, String> labels = Map.of("gc", gc.getName());
      gcCounts.add(
          new Sample("jvm_gc_collections_total", labels, Math.max(0, gc.getCollectionCount())));
      gcTimes.add(
          new Sample(
              "jvm_gc_collection_seconds_total",
              labels,
              Math.max(0, gc.getCollectionTime()) / 1e3));
    }
    families.add(
        new MetricFamily(
            "jvm_gc_collections_total", "Garbage collections", MetricType.COUNTER, gcCounts));
    families.add(
        new MetricFamily(
            "jvm_gc_collection_seconds_total",
            "Time spent in garbage collections",
            MetricType.COUNTER,
            gcTimes));
    var threads = ManagementFactory.getThreadMXBean();
    families.add(single("jvm_threads_current", "Live threads", threads.getThreadCount()));
    families.add(
        single("jvm_threads_daemon", "Live daemon threads", threads.getDaemonThreadCount()));
    families.add(single("jvm_threads_peak", "Peak live threads", threads.getPeakThreadCount()));
    families.add(
        single(
            "jvm_classes_currently_loaded",
            "Classes loaded now",
            ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()));
    var runtime = ManagementFactory.getRuntimeMXBean();
    families.add(
        single(
            "process_uptime_seconds", "Seconds since the JVM started", runtime.getUptime() / 1e3));
    families.add(
        single(
            "process_start_time_seconds",
            "Start time of the process, seconds since the epoch",
            runtime.getStartTime() / 1e3));
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      families.add(
          new MetricFamily(
              "process_cpu_seconds_total",
              "CPU time used by the process",
              MetricType.COUNTER,
              List.of(
                  Sample.of(
                      "process_cpu_seconds_total", Math.max(0, os.getProcessCpuTime()) / 1e9))));
    }
    families.add(
        single(
            "jvm_available_processors",
            "Processors available to the JVM",
            Runtime.getRuntime().availableProcessors()));
    return families;
  }

  private static Sample area(String area, long bytes) {
    return new Sample("", Map.of("area", area), bytes);
  }

  private static MetricFamily gauge(String name, String help, List<Sample> samples) {
    List<Sample> named =
        samples.stream().map(s -> new Sample(name, s.labels(), s.value())).toList();
    return new MetricFamily(name, help, MetricType.GAUGE, named);
  }

  private static MetricFamily single(String name, String help, double value) {
    return new MetricFamily(name, help, MetricType.GAUGE, List.of(Sample.of(name, value)));
  }
}
