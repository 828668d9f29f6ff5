package org.polyculture.worker.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The PTX of the kernel modules, read from the classpath ({@code org/polyculture/worker/cuda/ptx/},
 * put there by the build: freshly compiled when nvcc was present, the committed PTX otherwise).
 * Each file starts with a header naming the module, the SHA-256 of the CUDA sources and the nvcc
 * flags it was built from (see build-ptx).
 */
final class PtxModules {

  static final String RESOURCE_DIRECTORY = "org/polyculture/worker/cuda/ptx/";

  /** The header lines of a PTX file written by build-ptx. */
  record Header(String module, String sourcesSha256, String flags, String nvcc) {

    static Optional<Header> parse(String ptx) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : ptx.lines().limit(4).toList()) {
        if (!line.startsWith("// ") || !line.contains(": ")) {
          return Optional.empty();
        }
        String field = line.substring(3);
        int colon = field.indexOf(": ");
        fields.put(field.substring(0, colon), field.substring(colon + 2));
      }
      String module = fields.get("polyculture-ptx");
      String sources = fields.get("sources-sha256");
      String flags = fields.get("flags");
      String nvcc = fields.get("nvcc");
      if (module == null || sources == null || flags == null || nvcc == null) {
        return Optional.empty();
      }
      return Optional.of(new Header(module, sources, flags, nvcc));
    }
  }

  private final Map<String, String> ptx;

  private PtxModules(Map<String, String> ptx) {
    this.ptx = ptx;
  }

  /** The modules every {@link Kernel} lives in, read from the classpath. */
  static PtxModules fromClasspath() {
    Map<String, String> modules = new LinkedHashMap<>();
    for (String module :
        new TreeSet<>(Arrays.stream(Kernel.values()).map(Kernel::module).toList())) {
      modules.put(module, read(RESOURCE_DIRECTORY + module + ".ptx"));
    }
    return new PtxModules(modules);
  }

  private static String read(String resource) {
    try (InputStream in = PtxModules.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new CudaModuleException(
            "PTX resource " + resource + " is missing from the classpath",
            java.util.OptionalInt.empty());
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  List<String> moduleNames() {
    return List.copyOf(ptx.keySet());
  }

  String text(String module) {
    String text = ptx.get(module);
    if (text == null) {
      throw new IllegalArgumentException("no PTX module " + module);
    }
    return text;
  }

  Optional<Header> header(String module) {
    return Header.parse(text(module));
  }

  /** The PTX as the driver wants it: a NUL-terminated string. */
  byte[] nullTerminated(String module) {
    byte[] text = text(module).getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }
}
