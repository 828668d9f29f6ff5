package org.polyculture.worker.cuda;

/** One argument of a kernel launch, typed as the kernel declares it. */
sealed interface KernelArg {

  Kernel.Param type();

  /** A device address in bytes (0 for a null pointer). */
  record Pointer(long address) implements KernelArg {
    @Override
    public Kernel.Param type() {
      return Kernel.Param.POINTER;
    }
  }

  record Int(int value) implements KernelArg {
    @Override
    public Kernel.Param type() {
      return Kernel.Param.INT;
    }
  }

  record Long(long value) implements KernelArg {
    @Override
    public Kernel.Param type() {
      return Kernel.Param.LONG;
    }
  }

  record Float(float value) implements KernelArg {
    @Override
    public Kernel.Param type() {
      return Kernel.Param.FLOAT;
    }
  }

  static KernelArg pointer(long address) {
    return new Pointer(address);
  }

  static KernelArg i32(int value) {
    return new Int(value);
  }

  static KernelArg i64(long value) {
    return new Long(value);
  }

  static KernelArg f32(float value) {
    return new Float(value);
  }
}
