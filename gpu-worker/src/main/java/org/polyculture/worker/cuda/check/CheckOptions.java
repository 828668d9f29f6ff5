package org.polyculture.worker.cuda.check;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The device check's command line.
 *
 * <pre>
 * --out DIR          where gpu-check.json and gpu-check.txt go (required)
 * --plan FILE        only write the PyTorch baseline's plan (model and matmul shapes) and exit
 * --baseline FILE    the PyTorch baseline's results, for the speed ratios
 * --device cuda|cpu  what runs the "device" side; cpu checks the harness itself (default cuda)
 * --threads N        CPU reference threads (default: all processors)
 * --budget SECONDS   wall-clock allowance of the whole check (default 330)
 * --quick            tiny models and few cases: a smoke test of the check on any machine
 * </pre>
 */
record CheckOptions(
    Path out,
    Optional<Path> plan,
    Optional<Path> baseline,
    String device,
    int threads,
    double budgetSeconds,
    boolean quick) {

  static CheckOptions parse(String[] args) {
    Path out = null;
    Optional<Path> plan = Optional.empty();
    Optional<Path> baseline = Optional.empty();
    String device = "cuda";
    int threads = Runtime.getRuntime().availableProcessors();
    double budget = 330;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(value(args, ++i));
        case "--plan" -> plan = Optional.of(Path.of(value(args, ++i)));
        case "--baseline" -> baseline = Optional.of(Path.of(value(args, ++i)));
        case "--device" -> device = value(args, ++i);
        case "--threads" -> threads = Integer.parseInt(value(args, ++i));
        case "--budget" -> budget = Double.parseDouble(value(args, ++i));
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null && plan.isEmpty()) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    if (!device.equals("cuda") && !device.equals("cpu")) {
      throw new IllegalArgumentException("--device is cuda or cpu, not " + device);
    }
    if (threads < 1 || budget <= 0) {
      throw new IllegalArgumentException("--threads and --budget must be positive");
    }
    return new CheckOptions(
        out == null ? Path.of(".") : out, plan, baseline, device, threads, budget, quick);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
