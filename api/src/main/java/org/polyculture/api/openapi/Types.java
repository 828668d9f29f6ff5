package org.polyculture.api.openapi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import org.polyculture.api.read.Page;

/** Generic types for endpoint specs ({@code Page<X>}, {@code List<X>}), which Java cannot name. */
public final class Types {

  private Types() {}

  public static Type page(Type item) {
    return parameterized(Page.class, item);
  }

  public static Type list(Type item) {
    return parameterized(List.class, item);
  }

  private static Type parameterized(Class<?> raw, Type... arguments) {
    return new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return arguments.clone();
      }

      @Override
      public Type getRawType() {
        return raw;
      }

      @Override
      public Type getOwnerType() {
        return null;
      }

      @Override
      public boolean equals(Object other) {
        return other instanceof ParameterizedType that
            && raw.equals(that.getRawType())
            && Arrays.equals(arguments, that.getActualTypeArguments());
      }

      @Override
      public int hashCode() {
        return raw.hashCode() ^ Arrays.hashCode(arguments);
      }
    };
  }
}
