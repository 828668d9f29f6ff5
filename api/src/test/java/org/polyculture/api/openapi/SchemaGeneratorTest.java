package org.polyculture.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polyculture.api.read.Page;

class SchemaGeneratorTest {

  enum Colour {
    RED,
    GREEN
  }

  record Inner(String name) {}

  record Outer(
      long count, BigInteger amount, Optional<String> note, List<Inner> inners, Colour colour) {}

  @Test
  void shouldDescribeRecordsAsTheyAreWritten() {
    SchemaGenerator generator = new SchemaGenerator();
    assertThat(generator.schemaOf(Outer.class))
        .isEqualTo(Map.of("$ref", "#/components/schemas/Outer"));
    @SuppressWarnings("unchecked")
    Map<String, Object> outer = (Map<String, Object>) generator.components().get("Outer");
    assertThat(outer.get("required")).isEqualTo(List.of("count", "amount", "inners", "colour"));
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) outer.get("properties");
    assertThat(properties.get("count")).isEqualTo(Map.of("type", "integer", "format", "int64"));
    assertThat(properties.get("note")).isEqualTo(Map.of("type", "string"));
    assertThat(((Map<?, ?>) properties.get("amount")).get("type")).isEqualTo("string");
    assertThat(properties.get("inners"))
        .isEqualTo(Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/Inner")));
    assertThat(properties.get("colour"))
        .isEqualTo(Map.of("type", "string", "enum", List.of("RED", "GREEN")));
    assertThat(generator.components()).containsKey("Inner");
  }

  @Test
  void shouldNameGenericPagesByTheirItems() {
    SchemaGenerator generator = new SchemaGenerator();
    assertThat(generator.schemaOf(Types.page(Inner.class)))
        .isEqualTo(Map.of("$ref", "#/components/schemas/PageOfInner"));
    @SuppressWarnings("unchecked")
    Map<String, Object> page = (Map<String, Object>) generator.components().get("PageOfInner");
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) page.get("properties");
    assertThat(properties.get("items"))
        .isEqualTo(Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/Inner")));
    assertThat(page.get("required")).isEqualTo(List.of("items"));
    assertThat(Page.class.getRecordComponents()).hasSize(2);
  }

  @Test
  void shouldRefuseTypesItCannotDescribe() {
    assertThatThrownBy(() -> new SchemaGenerator().schemaOf(Thread.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
