package dev.nexus.reasoning;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.ToolSpec;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.reasoning.engine.LanguageModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reasoning: {@link Addresses#REASONING_CHAT} takes a {@link ChatRequest}, streams {@link ChatEvent}s,
 * runs the tool calls itself when asked to (through {@code nexus.tools.<name>}, with a timeout, errors
 * returned to the model as tool results), then sends one {@link ChatResult} and a {@link StreamEnd}.
 */
public final class ReasoningVerticle extends CapabilityVerticle {
  /** The names OpenAI clients ask for by default; each is answered by the engine's default model. */
  static final List<String> DEFAULT_ALIASES = List.of("gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-5",
      "gpt-5-mini", "gpt-realtime", "gpt-realtime-mini", "gpt-4o-realtime-preview", "gpt-4o-mini-realtime-preview");
  private LanguageModel engine;
  private List<String> aliases;
  private int maxToolRounds;
  private long toolTimeoutMs;
  private boolean repeatPromptDefault;
  private int maxPromptChars;

  public ReasoningVerticle() {
    super(Addresses.REASONING, "grounded");
  }

  @Override
  protected Future<?> startCapability(VerticleSettings settings) {
    Settings config = settings.config();
    maxToolRounds = config.integer("max-tool-rounds", 4, 0, 32);
    toolTimeoutMs = config.integer("tool-timeout-ms", 10_000, 10, 600_000);
    maxPromptChars = config.integer("max-prompt-chars", 200_000, 100, 10_000_000);
    aliases = config.strings("model-aliases", DEFAULT_ALIASES);
    repeatPromptDefault = settings.engineSettings().bool("repeat-prompt", false);
    ReasoningEngines engines = new ReasoningEngines(vertx, config, Path.of(config().getString("models-dir", ".")),
        workers(), settings.workerPoolSize(), this::placed);
    return startEngine(engines).onSuccess(model -> {
      engine = model;
      vertx.eventBus().<ChatRequest>consumer(Addresses.REASONING_CHAT, this::chat);
      vertx.eventBus().consumer(Addresses.REASONING_MODELS, m -> m.reply(modelsJson()));
    });
  }

  @Override
  protected Future<?> stopCapability() {
    if (engine instanceof AutoCloseable closeable) {
      return release(() -> {
        closeable.close();
        return null;
      });
    }
    return Future.succeededFuture();
  }

  @Override
  protected JsonObject describe() {
    JsonObject json = super.describe().put("models", engine == null ? new JsonArray() : new JsonArray(engine.models()));
    return engine == null ? json : json.put("engine", engine.name());
  }

  private JsonObject modelsJson() {
    JsonArray data = new JsonArray();
    for (String id : engine.models()) {
      data.add(new JsonObject().put("id", id).put("object", "model").put("owned_by", "nexus-" + engine.name()));
    }
    for (String alias : aliases) {
      if (!engine.models().contains(alias)) {
        data.add(new JsonObject().put("id", alias).put("object", "model").put("owned_by", "nexus-" + engine.name())
            .put("nexus_alias_of", engine.models().get(0)));
      }
    }
    return new JsonObject().put("object", "list").put("data", data);
  }

  private void chat(Message<ChatRequest> message) {
    ChatRequest request = message.body();
    String problem = validate(request);
    if (problem != null) {
      StageFailure.INVALID_REQUEST.fail(message, problem);
      return;
    }
    String model = request.model() == null || !engine.models().contains(request.model()) ? engine.models().get(0)
        : request.model(); // validated: an unknown name here is an alias
    CancelToken token = watch(request.context());
    Turn turn = new Turn(request, model, token);
    message.reply(new JsonObject().put("model", model));
    Future<List<ToolSpec>> tools = request.serverTools() && request.tools().isEmpty() ? registeredTools()
        : Future.succeededFuture(request.tools());
    tools.compose(specs -> turn.round(specs, 0)).onComplete(done -> {
      String address = request.context().streamAddress();
      String id = request.context().requestId();
      if (done.succeeded()) {
        vertx.eventBus().send(address, done.result());
        vertx.eventBus().send(address, "cancelled".equals(done.result().finishReason())
            ? StreamEnd.cancelled(id, capability()) : StreamEnd.done(id, capability()));
      } else {
        log.warn("reasoning turn {} failed: {}", id, done.cause().getMessage());
        vertx.eventBus().send(address, StreamEnd.failed(id, capability(), done.cause().getMessage()));
      }
      token.close();
    });
  }

  private String validate(ChatRequest request) {
    if (request.messages().isEmpty()) {
      return "messages must not be empty";
    }
    if (request.model() != null && !engine.models().contains(request.model()) && !aliases.contains(request.model())) {
      return "The model '" + request.model() + "' does not exist on this server; GET /v1/models lists "
          + engine.models() + " and the aliases " + aliases;
    }
    long chars = request.messages().stream().mapToLong(m -> m.content() == null ? 0 : m.content().length()).sum();
    if (chars > maxPromptChars) {
      return "The prompt is " + chars + " characters; the limit is " + maxPromptChars;
    }
    return null;
  }

  private Future<List<ToolSpec>> registeredTools() {
    return vertx.eventBus().<JsonObject>request(Addresses.TOOLS_LIST, "list",
            new DeliveryOptions().setSendTimeout(toolTimeoutMs))
        .map(reply -> {
          List<ToolSpec> specs = new ArrayList<>();
          for (Object o : reply.body().getJsonArray("data")) {
            JsonObject t = (JsonObject) o;
            specs.add(new ToolSpec(t.getString("name"), t.getString("description"),
                t.getJsonObject("parameters", new JsonObject()).getMap(), t.getString("node")));
          }
          return specs;
        })
        .otherwise(err -> List.of()); // no tools verticle: the model simply has no tools
  }

  /** Prompt repetition: the last user message is sent twice. */
  static List<ChatMessage> repeatLastUserMessage(List<ChatMessage> messages) {
    List<ChatMessage> out = new ArrayList<>(messages);
    for (int i = out.size() - 1; i >= 0; i--) {
      ChatMessage m = out.get(i);
      if (m.role().equals("user") && m.content() != null) {
        out.set(i, new ChatMessage("user", m.content() + "\n\n" + m.content(), m.toolCalls(), m.toolCallId(), m.name()));
        break;
      }
    }
    return out;
  }

  /** One assistant turn: model calls and tool rounds until the model answers. */
  private final class Turn implements LanguageModel.Sink {
    final ChatRequest request;
    final String model;
    final CancelToken token;
    final String address;
    final AtomicInteger seq = new AtomicInteger();
    final List<ChatMessage> added = new ArrayList<>();
    int promptTokens;
    int completionTokens;
    Grounding grounding = Grounding.UNCHECKED;

    Turn(ChatRequest request, String model, CancelToken token) {
      this.request = request;
      this.model = model;
      this.token = token;
      this.address = request.context().streamAddress();
    }

    @Override
    public boolean token(String text) {
      return emit(new ChatEvent.Text(request.context().requestId(), seq.getAndIncrement(), text));
    }

    boolean emit(ChatEvent event) {
      return token.emitIfActive(() -> vertx.eventBus().send(address, event));
    }

    @Override
    public boolean active() {
      return !token.isCancelled();
    }

    @Override
    public void onCancel(Runnable action) {
      token.onCancel(action);
    }

    Future<ChatResult> round(List<ToolSpec> specs, int round) {
      if (token.isCancelled()) {
        return Future.succeededFuture(result(null, List.of(), "cancelled"));
      }
      List<ChatMessage> messages = new ArrayList<>(request.messages());
      messages.addAll(added);
      boolean repeat = request.repeatPrompt() != null ? request.repeatPrompt() : repeatPromptDefault;
      // an engine that cannot judge grounding is asked for a sentinel when the request brings sources
      SourceCheck check = !engine.judgesGrounding() && SourceCheck.hasSources(messages) ? new SourceCheck(this) : null;
      List<ChatMessage> sent = check == null ? messages : SourceCheck.withInstruction(messages);
      LanguageModel.Call call = new LanguageModel.Call(model, repeat ? repeatLastUserMessage(sent) : sent,
          specs, request.toolChoice(), request.temperature(), request.maxTokens());
      return engine.generate(call, check == null ? (LanguageModel.Sink) this : check).map(r -> check == null ? r : check.finish(r))
          .compose(reply -> {
        grounding = reply.grounding() != null ? reply.grounding() : Grounding.UNCHECKED;
        promptTokens += reply.promptTokens();
        completionTokens += reply.completionTokens();
        ChatMessage assistant = ChatMessage.assistant(reply.content(), reply.toolCalls());
        added.add(assistant);
        boolean cancelled = token.isCancelled() || "cancelled".equals(reply.finishReason());
        if (cancelled) {
          return Future.succeededFuture(result(reply.content(), List.of(), "cancelled"));
        }
        if (reply.toolCalls().isEmpty()) {
          return Future.succeededFuture(result(reply.content(), List.of(), reply.finishReason()));
        }
        for (ToolCall c : reply.toolCalls()) {
          emit(new ChatEvent.ToolCalled(request.context().requestId(), seq.getAndIncrement(), c));
        }
        if (!request.serverTools() || round >= maxToolRounds) {
          return Future.succeededFuture(result(reply.content(), reply.toolCalls(), "tool_calls"));
        }
        return runTools(reply.toolCalls(), 0).compose(v -> round(specs, round + 1));
      });
    }

    Future<Void> runTools(List<ToolCall> calls, int index) {
      if (index >= calls.size() || token.isCancelled()) {
        return Future.succeededFuture();
      }
      ToolCall call = calls.get(index);
      // the turn does not wait for a tool once it is cancelled
      Promise<ToolResult> outcome = Promise.promise();
      token.onCancel(() -> outcome.tryComplete(ToolResult.error(call.name(), "cancelled")));
      vertx.eventBus().<ToolResult>request(Addresses.tool(call.name()),
              new ToolInvocation(request.context(), call.name(), call.arguments()),
              new DeliveryOptions().setSendTimeout(toolTimeoutMs))
          .map(Message::body)
          .otherwise(err -> ToolResult.error(call.name(), "the tool '" + call.name() + "' failed: "
              + (err.getMessage() != null && err.getMessage().contains("Timed out") ? "no answer within "
              + toolTimeoutMs + " ms" : err.getMessage())))
          .onSuccess(outcome::tryComplete);
      return outcome.future().compose(result -> {
        if (token.isCancelled()) {
          return Future.succeededFuture();
        }
        String content = result.error() ? "error: " + result.content() : result.content();
        added.add(ChatMessage.tool(call.id(), call.name(), content));
        emit(new ChatEvent.ToolAnswered(request.context().requestId(), seq.getAndIncrement(), call, content,
            result.error()));
        return runTools(calls, index + 1);
      });
    }

    ChatResult result(String content, List<ToolCall> calls, String finish) {
      return new ChatResult(request.context().requestId(), model, content, calls, added, finish, promptTokens,
          completionTokens, grounding);
    }
  }
}
