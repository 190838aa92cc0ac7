package dev.nexus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a hosted tool's call arguments are read, and how what it does becomes the caller's result. */
class ToolHostTest {
  static Vertx vertx;

  record FunctionTool(String name, Function<JsonObject, Future<String>> work) implements Tool {
    @Override
    public ToolSpec spec() {
      return new ToolSpec(name, "a test tool", Map.of("type", "object"), null);
    }

    @Override
    public Future<String> call(JsonObject arguments, RequestContext context) {
      return work.apply(arguments);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
    ToolHost.expose(vertx, "test", List.of(
        new FunctionTool("echo", args -> Future.succeededFuture("got " + args.encode())),
        new FunctionTool("silent", args -> Future.succeededFuture(null)),
        new FunctionTool("thrower", args -> {
          throw new IllegalStateException("it threw before answering");
        }))).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static ToolResult call(String name, String arguments) throws Exception {
    return vertx.eventBus().<ToolResult>request(Addresses.tool(name),
        new ToolInvocation(RequestContext.newRequest("test"), name, arguments)).await(10, TimeUnit.SECONDS).body();
  }

  @Test
  void argumentsThatAreNotAJsonObjectAreAnErrorResultAndBlankOrMissingOnesAreEmpty() throws Exception {
    ToolResult bad = call("echo", "[1, 2");
    assertThat(bad.error()).isTrue();
    assertThat(bad.content()).startsWith("arguments are not a JSON object");
    assertThat(call("echo", "   ").content()).isEqualTo("got {}");
    assertThat(call("echo", null).content()).isEqualTo("got {}");
    assertThat(call("echo", "{\"a\":1}").content()).isEqualTo("got {\"a\":1}");
  }

  @Test
  void aToolThatThrowsIsAnErrorResultWithItsMessageAndANullAnswerIsAnEmptyOne() throws Exception {
    ToolResult thrown = call("thrower", "{}");
    assertThat(thrown.error()).isTrue();
    assertThat(thrown.content()).isEqualTo("it threw before answering");
    ToolResult silent = call("silent", "{}");
    assertThat(silent.error()).isFalse();
    assertThat(silent.content()).isNull();
  }
}
