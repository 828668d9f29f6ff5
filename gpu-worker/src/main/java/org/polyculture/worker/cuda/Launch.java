package org.polyculture.worker.cuda;

import java.util.List;

/**
 * One kernel launch: the kernel, its grid and block shapes and its arguments, checked against the
 * kernel's parameters. The real backend hands launches to the driver; the kernel emulation in the
 * tests runs the same launches on the CPU.
 */
record Launch(Kernel kernel, Dim3 grid, Dim3 block, List<KernelArg> args) {

  /** A grid or block shape. */
  record Dim3(int x, int y, int z) {
    Dim3 {
      if (x < 1 || y < 1 || z < 1) {
        throw new IllegalArgumentException("dimensions must be positive: " + x + "×" + y + "×" + z);
      }
      if (y > KernelGeometry.MAX_GRID_YZ || z > KernelGeometry.MAX_GRID_YZ) {
        throw new IllegalArgumentException(
            "y and z must be at most " + KernelGeometry.MAX_GRID_YZ + ": " + y + ", " + z);
      }
    }

    static Dim3 of(int x) {
      return new Dim3(x, 1, 1);
    }

    long count() {
      return (long) x * y * z;
    }
  }

  Launch {
    args = List.copyOf(args);
    List<Kernel.Param> params = kernel.params();
    if (params.size() != args.size()) {
      throw new IllegalArgumentException(
          kernel + " takes " + params.size() + " arguments, got " + args.size());
    }
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i) != args.get(i).type()) {
        throw new IllegalArgumentException(
            kernel + " argument " + i + " is " + params.get(i) + ", got " + args.get(i));
      }
    }
  }

  static Launch of(Kernel kernel, Dim3 grid, Dim3 block, KernelArg... args) {
    return new Launch(kernel, grid, block, List.of(args));
  }
}
