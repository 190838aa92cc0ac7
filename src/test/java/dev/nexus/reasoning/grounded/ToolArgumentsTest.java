package dev.nexus.reasoning.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ToolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {
  static final LocalDate TODAY = LocalDate.of(2026, 3, 4); // a Wednesday

  static ToolSpec tool(String name, Map<String, Object> properties, List<String> required) {
    return new ToolSpec(name, null, Map.of("type", "object", "properties", properties, "required", required), null);
  }

  @Test
  void requiredPropertiesAreFilledFromTheWordsAndNeverWithAGenericQuery() {
    ToolSpec booking = tool("book_table", Map.of("restaurant_city", Map.of("type", "string"),
        "guests", Map.of("type", "integer"), "when", Map.of("type", "string", "format", "date"),
        "contact_name", Map.of("type", "string"), "budget", Map.of("type", "number"),
        "style", Map.of("type", "string", "enum", List.of("indoor", "terrace")), "vip", Map.of("type", "boolean")),
        List.of("restaurant_city", "guests"));
    JsonObject args = ToolArguments.fill(booking,
        "Book a terrace table for four in Lyon on the 12th of March for Ada Lovelace, budget 80.5", TODAY);
    assertThat(args).isEqualTo(new JsonObject().put("restaurant_city", "Lyon").put("guests", 4L)
        .put("when", "2026-03-12").put("contact_name", "Ada Lovelace").put("budget", 80.5).put("style", "terrace"));
    assertThat(ToolArguments.fill(tool("t", Map.of("note", Map.of("type", "string")), List.of()), "hello", TODAY))
        .as("an optional property the words do not give is left out").isEmpty();
    assertThat(ToolArguments.fill(tool("t", Map.of("note", Map.of("type", "string")), List.of("note")), "hello!", TODAY))
        .isEqualTo(new JsonObject().put("note", "hello"));
    assertThat(ToolArguments.fill(new ToolSpec("t", null, Map.of("type", "object"), null), "hi", TODAY)).isEmpty();
    assertThat(ToolArguments.fill(tool("calc", Map.of("expression", Map.of("type", "string")), List.of()),
        "what is nine times nine", TODAY)).isEqualTo(new JsonObject().put("expression", "9 * 9"));
  }

  @Test
  void datesAreReadAsIsoDates() {
    assertThat(ToolArguments.date("tomorrow please", TODAY)).isEqualTo("2026-03-05");
    assertThat(ToolArguments.date("the day after tomorrow", TODAY)).isEqualTo("2026-03-06");
    assertThat(ToolArguments.date("what about yesterday", TODAY)).isEqualTo("2026-03-03");
    assertThat(ToolArguments.date("on friday", TODAY)).isEqualTo("2026-03-06");
    assertThat(ToolArguments.date("march third", TODAY)).isEqualTo("2026-03-03");
    assertThat(ToolArguments.date("3 Sept 2031", TODAY)).isEqualTo("2031-09-03");
    assertThat(ToolArguments.date("on 2030-01-02", TODAY)).isEqualTo("2030-01-02");
    assertThat(ToolArguments.date("the weather today", TODAY)).isEqualTo("2026-03-04");
    assertThat(ToolArguments.date("some day", TODAY)).isNull();
    assertThat(ToolArguments.date("31 february", TODAY)).isNull();
  }

  @Test
  void placesAndToolNamesAreFoundInTheWords() {
    assertThat(ToolArguments.place("What's the weather in Rio de Janeiro?")).isEqualTo("Rio");
    assertThat(ToolArguments.place("weather in san francisco tomorrow")).isEqualTo("San Francisco");
    assertThat(ToolArguments.place("is it raining")).isNull();
    List<ToolSpec> tools = List.of(tool("get_weather", Map.of(), List.of()), tool("sendEmail", Map.of(), List.of()));
    assertThat(ToolArguments.named(tools, "will it be sunny, what's the weather").name()).isEqualTo("get_weather");
    assertThat(ToolArguments.named(tools, "send two emails").name()).isEqualTo("sendEmail");
    assertThat(ToolArguments.named(tools, "get me a coffee")).isNull();
  }

  @Test
  void anMcpToolIsNamedByItsOwnNameAndNotByItsServerPrefix() {
    List<ToolSpec> tools = List.of(tool("files.read_text_file", Map.of(), List.of()),
        tool("everything.echo", Map.of(), List.of()));
    assertThat(ToolArguments.named(tools, "echo this back to me").name()).isEqualTo("everything.echo");
    assertThat(ToolArguments.named(tools, "read the text file").name()).isEqualTo("files.read_text_file");
    assertThat(ToolArguments.named(tools, "tell me everything")).isNull();
  }

  @Test
  void aSchemaGivenAsJsonObjectsIsReadLikeMapsAndAnEnumAsAJsonArray() {
    ToolSpec order = new ToolSpec("order", null, new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("size", new JsonObject().put("type", "string")
            .put("enum", new JsonArray().add("small").add("large"))))
        .put("required", new JsonArray().add("size")).getMap(), null);
    assertThat(ToolArguments.fill(order, "a LARGE one please", TODAY)).isEqualTo(new JsonObject().put("size", "large"));
    assertThat(ToolArguments.fill(order, "a medium one", TODAY)).as("no enum value named: left out").isEmpty();
  }

  @Test
  void anIntegerPropertySkipsDecimalsAndAnUnmatchedExpressionOrPersonIsLeftOut() {
    ToolSpec t = tool("t", Map.of("guests", Map.of("type", "integer"), "expression", Map.of("type", "string"),
        "who", Map.of("type", "string"), "flag", Map.of("type", "boolean")), List.of());
    assertThat(ToolArguments.fill(t, "budget 2.5 for 3 guests", TODAY)).isEqualTo(new JsonObject().put("guests", 3L));
    assertThat(ToolArguments.fill(t, "budget 2.5 only", TODAY)).as("no whole number: no guests").isEmpty();
  }

  @Test
  void propertiesNamedDateDayOrWhenTakeADateWithoutAFormat() {
    for (String key : List.of("start_date", "day", "when")) {
      assertThat(ToolArguments.fill(tool("t", Map.of(key, Map.of("type", "string")), List.of()), "tomorrow", TODAY))
          .as(key).isEqualTo(new JsonObject().put(key, "2026-03-05"));
    }
  }

  @Test
  void aTwentyNinthOfFebruaryIsADateOnlyInALeapYearAndCenturiesAreNoLeapYears() {
    assertThat(ToolArguments.date("29 february 2028", TODAY)).isEqualTo("2028-02-29");
    assertThat(ToolArguments.date("29 february 2027", TODAY)).isNull();
    assertThat(ToolArguments.date("29 february 2100", TODAY)).isNull();
    assertThat(ToolArguments.date("29 february 2000", TODAY)).isEqualTo("2000-02-29");
    assertThat(ToolArguments.date("0 march", TODAY)).isNull();
    assertThat(ToolArguments.date("5 sep 2027", TODAY)).isEqualTo("2027-09-05");
    assertThat(ToolArguments.date("12 foo and june 7", TODAY)).isEqualTo("2026-06-07");
  }

  @Test
  void aToolNameOfShortOrStopWordsOnlyIsNeverNamed() {
    List<ToolSpec> tools = List.of(tool("get_it", Map.of(), List.of()), tool("fx", Map.of(), List.of()));
    assertThat(ToolArguments.named(tools, "get it for me, fx")).isNull();
  }
}
