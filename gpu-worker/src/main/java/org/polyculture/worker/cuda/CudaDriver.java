package org.polyculture.worker.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * The only class that calls the CUDA driver (through JCuda's driver API binding, which needs
 * nothing but the driver's {@code libcuda.so.1}): the primary context of one device, the kernel
 * modules loaded from PTX with {@code cuModuleLoadData}, device memory, launches on the legacy
 * default stream, and a second, non-blocking stream with events for hashing states while the next
 * step runs. Every driver result goes through {@link CudaResultCodes}.
 *
 * <p>Used by one thread at a time; each entry point makes the context current on the calling
 * thread, so that thread may change between calls.
 */
final class CudaDriver implements DeviceMemory, LaunchRunner, AutoCloseable {

  private static volatile CudaAvailability availability;
  private static final Map<Integer, CudaDriver> OPEN = new HashMap<>();

  private final CUdevice device;
  private final CUcontext context;
  private final String deviceName;
  private final List<CUmodule> modules = new ArrayList<>();
  private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
  private final NavigableMap<Long, DeviceAllocation> allocations = new TreeMap<>();
  private final Map<Long, Long> allocationSizes = new HashMap<>();
  private final CUstream hashStream;
  private boolean closed;

  private CudaDriver(int ordinal, PtxModules ptx) {
    initialise();
    device = new CUdevice();
    CudaResultCodes.check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
    context = new CUcontext();
    CudaResultCodes.check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    boolean opened = false;
    try {
      makeCurrent();
      deviceName = name(device);
      for (String module : ptx.moduleNames()) {
        CUmodule loaded = new CUmodule();
        CudaResultCodes.check(
            cuModuleLoadData(loaded, ptx.nullTerminated(module)),
            "cuModuleLoadData(" + module + ")");
        modules.add(loaded);
        for (Kernel kernel : Kernel.values()) {
          if (kernel.module().equals(module)) {
            CUfunction function = new CUfunction();
            CudaResultCodes.check(
                cuModuleGetFunction(function, loaded, kernel.function()),
                "cuModuleGetFunction(" + kernel.function() + ")");
            functions.put(kernel, function);
          }
        }
      }
      hashStream = new CUstream();
      CudaResultCodes.check(
          cuStreamCreate(hashStream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
      opened = true;
    } finally {
      if (!opened) {
        releaseQuietly();
      }
    }
  }

  /**
   * The driver of device {@code ordinal}, opened (context retained, every kernel module loaded) on
   * first use and shared by every backend of the process: loading the modules JIT-compiles their
   * PTX, which is worth doing once. Each backend frees its own allocations when it closes.
   */
  static synchronized CudaDriver shared(int ordinal) {
    CudaAvailability probed = availability();
    if (!probed.available()) {
      throw new CudaUnavailableException(
          probed.reason(),
          "CUDA is not available: " + probed.detail(),
          java.util.OptionalInt.empty());
    }
    CudaDriver driver = OPEN.get(ordinal);
    if (driver == null) {
      driver = new CudaDriver(ordinal, PtxModules.fromClasspath());
      OPEN.put(ordinal, driver);
    }
    return driver;
  }

  /** Loads the binding, initialises the driver and counts devices, once per process. */
  static CudaAvailability availability() {
    CudaAvailability known = availability;
    if (known == null) {
      synchronized (CudaDriver.class) {
        if (availability == null) {
          availability = probe();
        }
        known = availability;
      }
    }
    return known;
  }

  private static CudaAvailability probe() {
    try {
      initialise();
      int[] count = new int[1];
      CudaResultCodes.check(cuDeviceGetCount(count), "cuDeviceGetCount");
      if (count[0] < 1) {
        return new CudaAvailability(
            CudaAvailability.Reason.NO_DEVICE, "the driver reports 0 devices");
      }
      CUdevice first = new CUdevice();
      CudaResultCodes.check(cuDeviceGet(first, 0), "cuDeviceGet(0)");
      int[] version = new int[1];
      CudaResultCodes.check(cuDriverGetVersion(version), "cuDriverGetVersion");
      return new CudaAvailability(
          CudaAvailability.Reason.AVAILABLE,
          name(first)
              + " (compute "
              + attribute(first, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
              + "."
              + attribute(first, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)
              + ", driver API "
              + version[0] / 1000
              + "."
              + (version[0] % 1000) / 10
              + ", "
              + count[0]
              + " device(s))");
    } catch (LinkageError e) {
      // UnsatisfiedLinkError (no libJCudaDriver or no libcuda.so.1), or the class failing to load.
      return new CudaAvailability(
          CudaAvailability.Reason.LIBRARY_MISSING,
          "cannot load the JCuda driver binding or libcuda.so.1: " + linkFailure(e));
    } catch (CudaUnavailableException e) {
      return new CudaAvailability(e.reason(), e.getMessage());
    } catch (CudaException e) {
      return new CudaAvailability(CudaAvailability.Reason.DRIVER, e.getMessage());
    }
  }

  /** The line of JCuda's long loading report that says what is missing. */
  private static String linkFailure(LinkageError e) {
    String message = String.valueOf(e.getMessage());
    return message
        .lines()
        .filter(line -> line.contains("cannot open shared object file"))
        .reduce((first, second) -> second)
        .orElse(message.lines().findFirst().orElse(e.getClass().getName()))
        .trim();
  }

  private static void initialise() {
    JCudaDriver.setExceptionsEnabled(false);
    CudaResultCodes.check(cuInit(0), "cuInit");
  }

  private static String name(CUdevice device) {
    byte[] name = new byte[256];
    CudaResultCodes.check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
    int length = 0;
    while (length < name.length && name[length] != 0) {
      length++;
    }
    return new String(name, 0, length, StandardCharsets.US_ASCII);
  }

  private static int attribute(CUdevice device, int attribute) {
    int[] value = new int[1];
    CudaResultCodes.check(
        cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
    return value[0];
  }

  String deviceName() {
    return deviceName;
  }

  /** Multiprocessors of the device. */
  int multiprocessors() {
    makeCurrent();
    return attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
  }

  /** Free and total device memory in bytes. */
  long[] memoryInfo() {
    makeCurrent();
    long[] free = new long[1];
    long[] total = new long[1];
    CudaResultCodes.check(cuMemGetInfo(free, total), "cuMemGetInfo");
    return new long[] {free[0], total[0]};
  }

  private void makeCurrent() {
    if (closed) {
      throw new IllegalStateException("the CUDA backend has been closed");
    }
    CudaResultCodes.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  }

  // ---- memory

  @Override
  public synchronized long allocate(long bytes) {
    makeCurrent();
    DeviceAllocation allocation = new DeviceAllocation();
    CudaResultCodes.check(cuMemAlloc(allocation, bytes), "cuMemAlloc(" + bytes + " bytes)");
    CudaResultCodes.check(cuMemsetD8(allocation, (byte) 0, bytes), "cuMemsetD8");
    allocations.put(allocation.address(), allocation);
    allocationSizes.put(allocation.address(), bytes);
    return allocation.address();
  }

  @Override
  public synchronized void free(long address) {
    makeCurrent();
    DeviceAllocation allocation = allocations.remove(address);
    allocationSizes.remove(address);
    if (allocation == null) {
      throw new IllegalArgumentException("no allocation starts at " + Long.toHexString(address));
    }
    CudaResultCodes.check(cuMemFree(allocation), "cuMemFree");
  }

  /** The driver's pointer at {@code address}, inside one of this backend's allocations. */
  private synchronized CUdeviceptr at(long address, long bytes) {
    Map.Entry<Long, DeviceAllocation> entry = allocations.floorEntry(address);
    if (entry == null || address + bytes > entry.getKey() + allocationSizes.get(entry.getKey())) {
      throw new IllegalArgumentException(
          bytes + " bytes at " + Long.toHexString(address) + " are outside every allocation");
    }
    return entry.getValue().withByteOffset(address - entry.getKey());
  }

  @Override
  public void copyIn(long address, float[] values, int count) {
    copyIn(address, Pointer.to(values), 4L * count);
  }

  @Override
  public void copyIn(long address, int[] values, int count) {
    copyIn(address, Pointer.to(values), 4L * count);
  }

  @Override
  public void copyIn(long address, long[] values, int count) {
    copyIn(address, Pointer.to(values), 8L * count);
  }

  @Override
  public void copyIn(long address, byte[] values, int count) {
    copyIn(address, Pointer.to(values), count);
  }

  private void copyIn(long address, Pointer source, long bytes) {
    if (bytes == 0) {
      return;
    }
    makeCurrent();
    CudaResultCodes.check(cuMemcpyHtoD(at(address, bytes), source, bytes), "cuMemcpyHtoD");
  }

  @Override
  public void copyOut(long address, float[] into, int count) {
    copyOut(address, Pointer.to(into), 4L * count);
  }

  @Override
  public void copyOut(long address, byte[] into, int count) {
    copyOut(address, Pointer.to(into), count);
  }

  private void copyOut(long address, Pointer destination, long bytes) {
    if (bytes == 0) {
      return;
    }
    makeCurrent();
    CudaResultCodes.check(cuMemcpyDtoH(destination, at(address, bytes), bytes), "cuMemcpyDtoH");
  }

  // ---- launches

  @Override
  public void run(Launch launch) {
    launch(launch, null);
  }

  /** Runs {@code launch} on the hashing stream instead of the default one. */
  void runOnHashStream(Launch launch) {
    launch(launch, hashStream);
  }

  private void launch(Launch launch, CUstream stream) {
    makeCurrent();
    NativePointerObject[] params = new NativePointerObject[launch.args().size()];
    for (int i = 0; i < params.length; i++) {
      params[i] =
          switch (launch.args().get(i)) {
            case KernelArg.Pointer p -> Pointer.to(new long[] {p.address()});
            case KernelArg.Int v -> Pointer.to(new int[] {v.value()});
            case KernelArg.Long v -> Pointer.to(new long[] {v.value()});
            case KernelArg.Float v -> Pointer.to(new float[] {v.value()});
          };
    }
    CudaResultCodes.check(
        cuLaunchKernel(
            functions.get(launch.kernel()),
            launch.grid().x(),
            launch.grid().y(),
            launch.grid().z(),
            launch.block().x(),
            launch.block().y(),
            launch.block().z(),
            0,
            stream,
            Pointer.to(params),
            null),
        "cuLaunchKernel(" + launch.kernel().function() + ")");
  }

  /** Waits for all work on the device; a kernel fault surfaces here at the latest. */
  void synchronize() {
    makeCurrent();
    CudaResultCodes.check(cuCtxSynchronize(), "cuCtxSynchronize");
  }

  // ---- events and the hashing stream

  /** A marker in a stream's work; other streams can wait for it and the host can time it. */
  final class Event implements AutoCloseable {
    private final CUevent event = new CUevent();

    private Event() {
      makeCurrent();
      CudaResultCodes.check(cuEventCreate(event, 0), "cuEventCreate");
    }

    void recordOnDefaultStream() {
      makeCurrent();
      CudaResultCodes.check(cuEventRecord(event, null), "cuEventRecord");
    }

    void recordOnHashStream() {
      makeCurrent();
      CudaResultCodes.check(cuEventRecord(event, hashStream), "cuEventRecord");
    }

    /** Makes the hashing stream wait until this event has completed. */
    void hashStreamWaits() {
      makeCurrent();
      CudaResultCodes.check(cuStreamWaitEvent(hashStream, event, 0), "cuStreamWaitEvent");
    }

    /** Makes the default stream wait until this event has completed. */
    void defaultStreamWaits() {
      makeCurrent();
      CudaResultCodes.check(cuStreamWaitEvent(null, event, 0), "cuStreamWaitEvent");
    }

    void synchronize() {
      makeCurrent();
      CudaResultCodes.check(cuEventSynchronize(event), "cuEventSynchronize");
    }

    /** Milliseconds between {@code start} and this event, both completed. */
    float millisecondsSince(Event start) {
      makeCurrent();
      float[] milliseconds = new float[1];
      CudaResultCodes.check(
          cuEventElapsedTime(milliseconds, start.event, event), "cuEventElapsedTime");
      return milliseconds[0];
    }

    @Override
    public void close() {
      makeCurrent();
      CudaResultCodes.check(cuEventDestroy(event), "cuEventDestroy");
    }
  }

  Event event() {
    return new Event();
  }

  /** Page-locked host memory, which asynchronous copies need. */
  final class PinnedBuffer implements AutoCloseable {
    private final Pointer host = new Pointer();
    private final ByteBuffer buffer;

    private PinnedBuffer(int bytes) {
      makeCurrent();
      CudaResultCodes.check(cuMemAllocHost(host, bytes), "cuMemAllocHost(" + bytes + ")");
      buffer = host.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code bytes} from the device into this buffer on the hashing stream. */
    void copyFromDeviceOnHashStream(long address, int bytes) {
      makeCurrent();
      CudaResultCodes.check(
          cuMemcpyDtoHAsync(host, at(address, bytes), bytes, hashStream), "cuMemcpyDtoHAsync");
    }

    ByteBuffer buffer() {
      return buffer;
    }

    @Override
    public void close() {
      makeCurrent();
      CudaResultCodes.check(cuMemFreeHost(host), "cuMemFreeHost");
    }
  }

  PinnedBuffer pinned(int bytes) {
    return new PinnedBuffer(bytes);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      makeCurrent();
      cuCtxSynchronize();
      for (DeviceAllocation allocation : allocations.values()) {
        cuMemFree(allocation);
      }
      allocations.clear();
      allocationSizes.clear();
      cuStreamDestroy(hashStream);
      for (CUmodule module : modules) {
        CudaResultCodes.check(cuModuleUnload(module), "cuModuleUnload");
      }
    } finally {
      closed = true;
      releaseQuietly();
    }
  }

  private void releaseQuietly() {
    cuDevicePrimaryCtxRelease(device);
  }
}
