package org.polyculture.worker.cuda;

import jcuda.driver.CUdeviceptr;

/** A driver allocation that can say its device address (JCuda keeps it protected). */
final class DeviceAllocation extends CUdeviceptr {

  long address() {
    return getNativePointer() + getByteOffset();
  }
}
