package org.polyculture.api.openapi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON Schemas (OpenAPI 3.1) of the API's records, generated from their components as Jackson
 * writes them: strings, integers, booleans, numbers, big integers as decimal strings, lists as
 * arrays, optionals as fields that may be absent, enums as string enums, nested and generic records
 * as named components. Each record type becomes one entry of {@code components.schemas}.
 */
public final class SchemaGenerator {

  private final Map<String, Object> components = new TreeMap<>();

  /** The schema of {@code type}, a reference when it is a record. */
  public Map<String, Object> schemaOf(Type type) {
    return schemaOf(type, Map.of());
  }

  public Map<String, Object> components() {
    return components;
  }

  private Map<String, Object> schemaOf(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
      return schemaOf(bindings.get(variable), bindings);
    }
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return Map.of("type", "array", "items", schemaOf(arguments[0], bindings));
      }
      if (Optional.class.equals(raw)) {
        return schemaOf(arguments[0], bindings);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return Map.of("type", "object", "additionalProperties", schemaOf(arguments[1], bindings));
      }
      if (raw.isRecord()) {
        Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
        TypeVariable<?>[] variables = raw.getTypeParameters();
        StringBuilder name = new StringBuilder(raw.getSimpleName());
        for (int i = 0; i < variables.length; i++) {
          Type argument = arguments[i];
          inner.put(
              variables[i], argument instanceof TypeVariable<?> v ? bindings.get(v) : argument);
          name.append("Of").append(simpleName(inner.get(variables[i])));
        }
        return reference(name.toString(), raw, inner);
      }
      throw new IllegalArgumentException("no schema for " + type);
    }
    if (!(type instanceof Class<?> cls)) {
      throw new IllegalArgumentException("no schema for " + type);
    }
    if (cls == String.class) {
      return Map.of("type", "string");
    }
    if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
      return Map.of(
          "type",
          "integer",
          "format",
          cls == int.class || cls == Integer.class ? "int32" : "int64");
    }
    if (cls == boolean.class || cls == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (cls == double.class || cls == Double.class || cls == float.class || cls == Float.class) {
      return Map.of("type", "number");
    }
    if (cls == BigInteger.class) {
      return Map.of(
          "type", "string", "pattern", "^(0|[1-9][0-9]*)$", "description", "a decimal integer");
    }
    if (cls == Object.class) {
      return Map.of();
    }
    if (cls.isEnum()) {
      return Map.of(
          "type",
          "string",
          "enum",
          Arrays.stream(cls.getEnumConstants()).map(Object::toString).toList());
    }
    if (cls.isRecord()) {
      return reference(cls.getSimpleName(), cls, bindings);
    }
    throw new IllegalArgumentException("no schema for " + cls);
  }

  private Map<String, Object> reference(
      String name, Class<?> record, Map<TypeVariable<?>, Type> bindings) {
    if (!components.containsKey(name)) {
      components.put(name, Map.of());
      Map<String, Object> properties = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      for (RecordComponent component : record.getRecordComponents()) {
        Type type = component.getGenericType();
        properties.put(component.getName(), schemaOf(type, bindings));
        boolean optional =
            type instanceof ParameterizedType p && p.getRawType().equals(Optional.class);
        if (!optional) {
          required.add(component.getName());
        }
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      schema.put("required", required);
      schema.put("additionalProperties", false);
      components.put(name, schema);
    }
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  private static String simpleName(Type type) {
    if (type instanceof Class<?> cls) {
      return cls.getSimpleName();
    }
    if (type instanceof ParameterizedType parameterized) {
      return ((Class<?>) parameterized.getRawType()).getSimpleName();
    }
    return "Value";
  }
}
