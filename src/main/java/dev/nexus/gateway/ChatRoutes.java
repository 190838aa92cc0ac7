package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * OpenAI-compatible {@code POST /v1/chat/completions} (streaming or not) and {@code GET /v1/models}.
 * With {@code tools} in the request, tool calls go back to the client as OpenAI does; without, the
 * server runs its own registered tools and answers with the result.
 */
record ChatRoutes(Vertx vertx, Health health) {
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  void mount(Router router) {
    router.post("/v1/chat/completions").handler(this::completions);
    // the models, and (a Nexus extension) what runs and what one command adds, as /health says
    router.get("/v1/models").handler(ctx -> vertx.eventBus().<JsonObject>request(Addresses.REASONING_MODELS, "list")
        .compose(reply -> health.probe().map(h -> reply.body().copy().put("setup", h.getJsonObject("setup"))))
        .onSuccess(body -> ctx.response().putHeader("content-type", "application/json").end(body.encode()))
        .onFailure(err -> BusErrors.reply(ctx, err, "reasoning")));
  }

  /** The parsed request: what goes on the bus, and how to answer. */
  private record Parsed(ChatRequest request, boolean stream, boolean includeUsage) {
  }

  private void completions(RoutingContext ctx) {
    Parsed parsed;
    try {
      parsed = parse(JsonBody.of(ctx), ctx.body().asJsonObject());
    } catch (JsonBody.BadField e) {
      ApiError.badRequest(ctx, e.param, e.getMessage());
      return;
    } catch (RuntimeException e) {
      ApiError.badRequest(ctx, null, "Malformed request: " + e.getMessage());
      return;
    }
    new Exchange(ctx, parsed).start();
  }

  private static Parsed parse(JsonBody body, JsonObject json) {
    String model = body.string("model", null, true);
    Object rawMessages = json.getValue("messages");
    if (!(rawMessages instanceof JsonArray array) || array.isEmpty()) {
      throw new JsonBody.BadField("messages", "'messages' must be a non-empty array");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      messages.add(message(array.getValue(i), "messages[" + i + "]"));
    }
    List<ToolSpec> tools = new ArrayList<>();
    Object rawTools = json.getValue("tools");
    if (rawTools != null) {
      if (!(rawTools instanceof JsonArray toolArray)) {
        throw new JsonBody.BadField("tools", "'tools' must be an array");
      }
      for (int i = 0; i < toolArray.size(); i++) {
        tools.add(tool(toolArray.getValue(i), "tools[" + i + "]"));
      }
    }
    String toolChoice = toolChoice(json.getValue("tool_choice"));
    Object stream = json.getValue("stream");
    if (stream != null && !(stream instanceof Boolean)) {
      throw new JsonBody.BadField("stream", "'stream' must be a boolean");
    }
    double temperature = body.number("temperature", -1);
    if (json.containsKey("temperature") && (temperature < 0 || temperature > 2)) {
      throw new JsonBody.BadField("temperature", "'temperature' must be from 0 to 2");
    }
    Integer maxTokens = null;
    for (String key : List.of("max_tokens", "max_completion_tokens")) {
      if (json.containsKey(key)) {
        double n = body.number(key, 0);
        if (n < 1 || n != Math.rint(n)) {
          throw new JsonBody.BadField(key, "'" + key + "' must be a positive integer");
        }
        maxTokens = (int) n;
      }
    }
    Object repeat = json.getValue("repeat_prompt");
    if (repeat != null && !(repeat instanceof Boolean)) {
      throw new JsonBody.BadField("repeat_prompt", "'repeat_prompt' must be a boolean");
    }
    JsonObject streamOptions = json.getValue("stream_options") instanceof JsonObject o ? o : new JsonObject();
    ChatRequest request = new ChatRequest(RequestContext.newRequest("http"), model, messages, tools, toolChoice,
        rawTools == null, json.containsKey("temperature") ? temperature : null, maxTokens, (Boolean) repeat);
    return new Parsed(request, Boolean.TRUE.equals(stream), streamOptions.getBoolean("include_usage", false));
  }

  private static ChatMessage message(Object raw, String where) {
    if (!(raw instanceof JsonObject m)) {
      throw new JsonBody.BadField("messages", where + " must be an object");
    }
    Object role = m.getValue("role");
    if (!(role instanceof String r) || !ROLES.contains(r)) {
      throw new JsonBody.BadField("messages", where + ".role must be one of " + ROLES);
    }
    String content = content(m.getValue("content"), where);
    List<ToolCall> calls = new ArrayList<>();
    if (m.getValue("tool_calls") instanceof JsonArray array) {
      for (Object o : array) {
        if (!(o instanceof JsonObject c) || !(c.getValue("function") instanceof JsonObject fn)
            || !(fn.getValue("name") instanceof String)) {
          throw new JsonBody.BadField("messages", where + ".tool_calls entries need function.name");
        }
        calls.add(new ToolCall(c.getString("id"), fn.getString("name"), fn.getString("arguments", "{}")));
      }
    }
    if (r.equals("tool") && !(m.getValue("tool_call_id") instanceof String)) {
      throw new JsonBody.BadField("messages", where + ": a tool message needs tool_call_id");
    }
    if (content == null && calls.isEmpty() && !r.equals("assistant")) {
      throw new JsonBody.BadField("messages", where + ".content is required");
    }
    return new ChatMessage(r.equals("developer") ? "system" : r, content, calls, m.getString("tool_call_id"),
        m.getValue("name") instanceof String n ? n : null);
  }

  private static String content(Object raw, String where) {
    if (raw == null || raw instanceof String) {
      return (String) raw;
    }
    if (raw instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (Object p : parts) {
        if (!(p instanceof JsonObject part) || !"text".equals(part.getValue("type")) || !(part.getValue("text") instanceof String)) {
          throw new JsonBody.BadField("messages", where + ".content parts must be {\"type\":\"text\",\"text\":...}");
        }
        text.append(text.length() > 0 ? "\n" : "").append(part.getString("text"));
      }
      return text.toString();
    }
    throw new JsonBody.BadField("messages", where + ".content must be a string or an array of text parts");
  }

  private static ToolSpec tool(Object raw, String where) {
    if (!(raw instanceof JsonObject t) || !"function".equals(t.getValue("type"))
        || !(t.getValue("function") instanceof JsonObject fn) || !ToolSpec.validName(fn.getValue("name"))) {
      throw new JsonBody.BadField("tools", where + " must be {\"type\":\"function\",\"function\":{\"name\":...}} "
          + "with a name of letters, digits, _ or -");
    }
    try {
      return ToolSpec.clientFunction(fn.getString("name"), fn.getValue("description"), fn.getValue("parameters"));
    } catch (IllegalArgumentException e) {
      throw new JsonBody.BadField("tools", where + ".function." + e.getMessage());
    }
  }

  private static String toolChoice(Object raw) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s && List.of("none", "auto", "required").contains(s)) {
      return s;
    }
    if (raw instanceof JsonObject o && o.getValue("function") instanceof JsonObject fn && fn.getValue("name") instanceof String n) {
      return n;
    }
    throw new JsonBody.BadField("tool_choice", "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
  }

  /** One request: bus stream in, JSON or server-sent chunks out. */
  private final class Exchange extends StageExchange<ChatEvent> {
    final Parsed parsed;
    final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    final long created = System.currentTimeMillis() / 1000;
    final List<ToolCall> streamedCalls = new ArrayList<>();
    String model;

    Exchange(RoutingContext ctx, Parsed parsed) {
      super(ctx);
      this.parsed = parsed;
      this.model = parsed.request().model();
    }

    void start() {
      open(vertx, "reasoning", Addresses.REASONING_CHAT, parsed.request().context(), ChatEvent.class)
          .<JsonObject>send(parsed.request())
          .onSuccess(reply -> {
            model = reply.getString("model");
            if (parsed.stream() && !finished) {
              response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
              chunk(new JsonObject().put("role", "assistant").put("content", ""), null);
            }
          });
    }

    @Override
    void onItem(ChatEvent event) {
      if (finished) {
        return;
      }
      if (event instanceof ChatResult result) {
        onResult(result);
      } else if (!parsed.stream()) {
        return;
      } else if (event instanceof ChatEvent.Text text) {
        chunk(new JsonObject().put("content", text.text()), null);
      } else if (event instanceof ChatEvent.ToolCalled called && !parsed.request().serverTools()) {
        ToolCall c = called.call();
        JsonObject call = new JsonObject().put("index", streamedCalls.size()).mergeIn(c.toOpenAi());
        streamedCalls.add(c);
        chunk(new JsonObject().put("tool_calls", new JsonArray().add(call)), null);
      }
    }

    void chunk(JsonObject delta, String finish) {
      JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finish);
      JsonObject event = new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
          .put("model", model).put("choices", new JsonArray().add(choice));
      response.write("data: " + event.encode() + "\n\n");
    }

    void onResult(ChatResult result) {
      String finish = "cancelled".equals(result.finishReason()) ? "stop" : result.finishReason();
      JsonObject usage = new JsonObject().put("prompt_tokens", result.promptTokens())
          .put("completion_tokens", result.completionTokens())
          .put("total_tokens", result.promptTokens() + result.completionTokens());
      if (parsed.stream()) {
        chunk(new JsonObject(), finish);
        if (parsed.includeUsage()) {
          response.write("data: " + new JsonObject().put("id", id).put("object", "chat.completion.chunk")
              .put("created", created).put("model", model).put("choices", new JsonArray()).put("usage", usage).encode() + "\n\n");
        }
        return;
      }
      JsonObject message = new JsonObject().put("role", "assistant").put("content", result.content());
      if (!result.toolCalls().isEmpty()) {
        message.put("tool_calls", ToolCall.toOpenAi(result.toolCalls()));
      }
      JsonObject out = new JsonObject().put("id", id).put("object", "chat.completion").put("created", created)
          .put("model", model).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
              .put("message", message).put("finish_reason", finish))).put("usage", usage);
      if (parsed.request().serverTools()) {
        JsonArray trace = new JsonArray();
        for (ChatMessage m : result.messages()) {
          if (m.role().equals("tool")) {
            trace.add(new JsonObject().put("name", m.name()).put("tool_call_id", m.toolCallId()).put("content", m.content()));
          }
        }
        out.put("nexus_tool_results", trace);
      }
      response.putHeader("content-type", "application/json").end(out.encode());
      finished = true;
    }

    @Override
    void onEnd() {
      finished = true;
      if (parsed.stream()) {
        response.end("data: [DONE]\n\n");
      }
    }

    @Override
    void onFailure(StageException failure) {
      finished = true;
      if (parsed.stream() && response.headWritten()) {
        response.write("data: " + ApiError.body("server_error", "reasoning_failed", null, failure.getMessage()).encode()
            + "\n\n");
        response.end();
      } else if (failure.failure() == StageFailure.FAILED && failure.stage() != null) {
        ApiError.send(ctx, 502, "server_error", "reasoning_failed", null,
            "The " + failure.stage() + " stage failed: " + failure.getMessage());
      } else {
        BusErrors.reply(ctx, failure, "reasoning");
      }
    }
  }
}
