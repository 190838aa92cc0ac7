package dev.nexus.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The argument checks every /mcp tool shares, and how a tool's failure becomes an error result. */
class McpCallsTest {
  static Vertx vertx;
  static Context context;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await();
  }

  static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static McpSchema.CallToolResult run(McpCalls.Work work) {
    return McpCalls.tool(context, "t", "d", McpCalls.schema(Map.of(), List.of()), work).callHandler()
        .apply(null, new McpSchema.CallToolRequest("t", Map.of())).block(Duration.ofSeconds(10));
  }

  @Test
  void aRequiredStringMustBeANonBlankString() {
    JsonObject args = new JsonObject().put("n", 3).put("blank", " ").put("ok", "yes");
    assertThatThrownBy(() -> McpCalls.string(args, "n")).hasMessage("'n' must be a non-empty string");
    assertThatThrownBy(() -> McpCalls.string(args, "blank")).hasMessage("'blank' must be a non-empty string");
    assertThatThrownBy(() -> McpCalls.string(args, "absent")).hasMessage("'absent' must be a non-empty string");
    assertThat(McpCalls.string(args, "ok")).isEqualTo("yes");
  }

  @Test
  void anOptionalStringIsNullWhenAbsentAndRefusedWhenNotAString() {
    JsonObject args = new JsonObject().put("voice", 7).put("name", "amy");
    assertThatThrownBy(() -> McpCalls.optionalString(args, "voice")).isInstanceOf(McpCalls.BadArgument.class)
        .hasMessage("'voice' must be a string");
    assertThat(McpCalls.optionalString(args, "absent")).isNull();
    assertThat(McpCalls.optionalString(args, "name")).isEqualTo("amy");
  }

  @Test
  void anIntegerMustBeAWholeNumberWithinItsBoundsAndFallsBackWhenAbsent() {
    JsonObject args = new JsonObject().put("half", 1.5).put("word", "ten").put("low", 1).put("high", 99)
        .put("whole", 12.0).put("ok", 10);
    for (String field : List.of("half", "word", "low", "high")) {
      assertThatThrownBy(() -> McpCalls.integer(args, field, 5, 2, 20))
          .hasMessage("'" + field + "' must be an integer from 2 to 20");
    }
    assertThat(McpCalls.integer(args, "whole", 5, 2, 20)).isEqualTo(12);
    assertThat(McpCalls.integer(args, "ok", 5, 2, 20)).isEqualTo(10);
    assertThat(McpCalls.integer(args, "absent", 5, 2, 20)).isEqualTo(5);
  }

  @Test
  void aCallWithoutArgumentsHasAnEmptyObject() {
    assertThat(McpCalls.arguments(new McpSchema.CallToolRequest("t", (Map<String, Object>) null)))
        .isEqualTo(new JsonObject());
  }

  @Test
  void aToolThatThrowsBecomesAnErrorResultWithItsMessage() {
    McpSchema.CallToolResult bad = run((exchange, request) -> {
      throw new McpCalls.BadArgument("x", "is wrong");
    });
    assertThat(bad.isError()).isTrue();
    assertThat(text(bad)).isEqualTo("'x' is wrong");
    McpSchema.CallToolResult broken = run((exchange, request) -> {
      throw new IllegalStateException("the disk is full");
    });
    assertThat(broken.isError()).isTrue();
    assertThat(text(broken)).isEqualTo("the disk is full");
    assertThat(text(run((exchange, request) -> Future.succeededFuture(McpCalls.text("fine"))))).isEqualTo("fine");
  }

  @Test
  void workThatThrowsOnTheContextFailsTheMono() {
    assertThatThrownBy(() -> McpCalls.<String>onContext(context, () -> {
      throw new IllegalArgumentException("no way");
    }).block(Duration.ofSeconds(10))).hasMessageContaining("no way");
  }
}
