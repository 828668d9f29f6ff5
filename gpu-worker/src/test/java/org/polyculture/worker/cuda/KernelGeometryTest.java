package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** KernelGeometry (what the planner sizes grids by) says what geometry.cuh says. */
class KernelGeometryTest {

  private static final Pattern DEFINE =
      Pattern.compile("^#define\\s+([A-Z_]+)\\s+(?:(\\d+)|\\(([A-Z_]+)\\s*/\\s*([A-Z_]+)\\))\\s*$");

  @Test
  void shouldMirrorEveryConstantOfGeometryCuh() throws IllegalAccessException {
    Map<String, Integer> defines = new LinkedHashMap<>();
    for (String line :
        CudaSources.read(CudaSources.SOURCES.resolve("geometry.cuh")).lines().toList()) {
      Matcher matcher = DEFINE.matcher(line);
      if (matcher.matches()) {
        int value =
            matcher.group(2) != null
                ? Integer.parseInt(matcher.group(2))
                : defines.get(matcher.group(3)) / defines.get(matcher.group(4));
        defines.put(matcher.group(1), value);
      }
    }
    assertThat(defines).hasSizeGreaterThan(10);
    Map<String, Integer> java = new LinkedHashMap<>();
    for (Field field : KernelGeometry.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        java.put(field.getName(), field.getInt(null));
      }
    }
    defines.forEach(
        (name, value) -> assertThat(java).as("KernelGeometry.%s", name).containsEntry(name, value));
  }
}
