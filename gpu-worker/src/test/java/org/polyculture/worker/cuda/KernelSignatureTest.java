package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each {@link Kernel} names an {@code extern "C"} kernel of its module with exactly the parameters
 * its launches pass, and every kernel of the sources has a {@link Kernel}.
 */
class KernelSignatureTest {

  private static final Pattern KERNEL =
      Pattern.compile(
          "extern \"C\" __global__ void\\s+(?:__launch_bounds__\\([^)]*\\)\\s+)?(\\w+)\\(([^)]*)\\)",
          Pattern.DOTALL);
  private static final Pattern MACRO =
      Pattern.compile("#define (CANON_MATMUL_PARAMETERS)((?:[^\\n]*\\\\\\n)*[^\\n]*)");

  @Test
  void shouldDeclareEveryKernelWithTheParametersOfItsLaunches() {
    Map<String, List<Kernel.Param>> declared = new HashMap<>();
    Map<String, String> moduleOf = new HashMap<>();
    for (Path file : CudaSources.kernelFiles()) {
      String source = CudaSources.read(file);
      Matcher macro = MACRO.matcher(source);
      if (macro.find()) {
        source =
            source.replace(
                "(" + macro.group(1) + ")", "(" + macro.group(2).replace("\\\n", " ") + ")");
      }
      String module = file.getFileName().toString().replace(".cu", "");
      Matcher matcher = KERNEL.matcher(source);
      while (matcher.find()) {
        declared.put(matcher.group(1), params(matcher.group(2)));
        moduleOf.put(matcher.group(1), module);
      }
    }
    assertThat(declared.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Kernel.values()).map(Kernel::function).toList());
    for (Kernel kernel : Kernel.values()) {
      assertThat(moduleOf.get(kernel.function()))
          .as("module of %s", kernel)
          .isEqualTo(kernel.module());
      assertThat(declared.get(kernel.function()))
          .as("parameters of %s", kernel)
          .isEqualTo(kernel.params());
    }
  }

  private static List<Kernel.Param> params(String declaration) {
    List<Kernel.Param> params = new ArrayList<>();
    for (String param : declaration.split(",")) {
      String type = param.trim().replaceAll("\\s+", " ");
      if (type.contains("*")) {
        params.add(Kernel.Param.POINTER);
      } else if (type.startsWith("long long ")) {
        params.add(Kernel.Param.LONG);
      } else if (type.startsWith("int ")) {
        params.add(Kernel.Param.INT);
      } else if (type.startsWith("float ")) {
        params.add(Kernel.Param.FLOAT);
      } else {
        throw new AssertionError("unexpected kernel parameter: " + type);
      }
    }
    return params;
  }
}
