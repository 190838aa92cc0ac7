package dev.nexus.tools;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts tools on the event bus: each answers {@link ToolInvocation}s at {@code nexus.tools.<name>},
 * announces itself to the registry when it comes up and whenever the registry asks, and withdraws
 * when closed. Any verticle, on any cluster node, can host tools this way.
 */
public final class ToolHost {
  /** The longest answer a tool may give unless configured otherwise (tools.yaml {@code max-answer-chars}). */
  public static final int DEFAULT_MAX_ANSWER_CHARS = 65_536;

  private final Vertx vertx;
  private final List<ToolSpec> specs = new ArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  private ToolHost(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Exposes the tools; completes once every consumer is registered and the tools are announced. */
  public static Future<ToolHost> expose(Vertx vertx, String node, List<Tool> tools) {
    return expose(vertx, node, tools, DEFAULT_MAX_ANSWER_CHARS);
  }

  /**
   * Exposes the tools, answers longer than {@code maxAnswerChars} becoming an error result (a tool must not flood
   * the model's context or the bus).
   */
  public static Future<ToolHost> expose(Vertx vertx, String node, List<Tool> tools, int maxAnswerChars) {
    ToolHost host = new ToolHost(vertx);
    List<Future<Void>> registered = new ArrayList<>();
    for (Tool tool : tools) {
      ToolSpec spec = tool.spec();
      ToolSpec announced = new ToolSpec(spec.name(), spec.description(), spec.parameters(), node);
      host.specs.add(announced);
      MessageConsumer<ToolInvocation> consumer = vertx.eventBus().consumer(Addresses.tool(spec.name()),
          message -> invoke(tool, message, maxAnswerChars));
      host.consumers.add(consumer);
      registered.add(consumer.completion());
    }
    MessageConsumer<Object> discover = vertx.eventBus().consumer(Addresses.TOOLS_DISCOVER, m -> host.announce());
    host.consumers.add(discover);
    registered.add(discover.completion());
    return Future.all(registered).map(v -> {
      host.announce();
      return host;
    });
  }

  private static void invoke(Tool tool, Message<ToolInvocation> message, int maxAnswerChars) {
    String name = tool.spec().name();
    JsonObject arguments;
    try {
      String text = message.body().arguments();
      arguments = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (RuntimeException e) {
      message.reply(ToolResult.error(name, "arguments are not a JSON object: " + e.getMessage()));
      return;
    }
    Future<String> result;
    try {
      result = tool.call(arguments, message.body().context());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(content -> message.reply(content != null && content.length() > maxAnswerChars
            ? ToolResult.error(name, tooLong(content.length(), maxAnswerChars)) : ToolResult.ok(name, content)))
        .onFailure(err -> message.reply(ToolResult.error(name, String.valueOf(err.getMessage()))));
  }

  /** The error a model sees instead of an answer that is too long. */
  public static String tooLong(int length, int limit) {
    return "the tool's answer is " + length + " characters; the limit is " + limit;
  }

  /** Publishes every hosted tool's spec to the registry. */
  public void announce() {
    for (ToolSpec spec : specs) {
      vertx.eventBus().publish(Addresses.TOOLS_ANNOUNCE, spec);
    }
  }

  /** The specs of the hosted tools. */
  public List<ToolSpec> specs() {
    return List.copyOf(specs);
  }

  /** Withdraws the tools from the registry and stops answering calls. */
  public Future<Void> close() {
    for (ToolSpec spec : specs) {
      vertx.eventBus().publish(Addresses.TOOLS_WITHDRAW, spec.name());
    }
    List<Future<Void>> done = new ArrayList<>();
    for (MessageConsumer<?> consumer : consumers) {
      done.add(consumer.unregister());
    }
    return Future.all(done).mapEmpty();
  }
}
