package dev.nexus.reasoning.openai;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import dev.nexus.reasoning.engine.LanguageModel;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Any OpenAI-compatible chat completions server (Ollama, vLLM, llama.cpp's server, OpenAI): streams
 * with server-sent events, gathers tool-call deltas, retries with exponential backoff on 429, 5xx and
 * connection failures until the first token, and aborts the request at once on cancel.
 */
public final class OpenAiChatModel implements LanguageModel {
  /**
   * Where and how to reach the server.
   *
   * @param breakerFailures failed calls in a row after which the circuit opens (0: no breaker)
   * @param breakerResetMs how long an open circuit refuses calls before it tries one again
   */
  public record Options(String baseUrl, String apiKey, String model, int timeoutMs, int retries, long backoffMs,
      int breakerFailures, long breakerResetMs) {
    /** Options with the default breaker: open after 5 failed calls, retry after 30 s. */
    public Options(String baseUrl, String apiKey, String model, int timeoutMs, int retries, long backoffMs) {
      this(baseUrl, apiKey, model, timeoutMs, retries, backoffMs, 5, 30_000);
    }
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final Options options;
  private final CircuitBreaker breaker;

  public OpenAiChatModel(Vertx vertx, HttpClient http, Options options) {
    this.vertx = vertx;
    this.http = http;
    this.options = options;
    this.breaker = options.breakerFailures() <= 0 ? null : CircuitBreaker.create("nexus-openai", vertx,
        new CircuitBreakerOptions().setMaxFailures(options.breakerFailures()).setResetTimeout(options.breakerResetMs())
            .setTimeout(-1).setFallbackOnFailure(false));
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public List<String> models() {
    return List.of(options.model());
  }

  @Override
  public Future<Reply> generate(Call call, Sink sink) {
    JsonObject body = requestBody(call);
    if (breaker == null) {
      return attempt(body, sink, 0);
    }
    // the breaker counts the server's failures only: a request it refused (4xx but 429) says it is up
    return breaker.<Object>execute(outcome -> attempt(body, sink, 0).onComplete(done -> {
      if (done.succeeded()) {
        outcome.complete(done.result());
      } else if (done.cause() instanceof EngineException e && e.status >= 400 && e.status < 500 && e.status != 429) {
        outcome.complete(e);
      } else {
        outcome.fail(done.cause());
      }
    })).recover(err -> Future.failedFuture(err instanceof OpenCircuitException
        ? new EngineException(503, "the model server at " + options.baseUrl() + " failed " + options.breakerFailures()
            + " calls in a row; Nexus is not calling it for " + options.breakerResetMs() / 1000 + " s")
        : err))
        .compose(o -> o instanceof EngineException e ? Future.failedFuture(e) : Future.succeededFuture((Reply) o));
  }

  /** The chat completions request body for a call. */
  JsonObject requestBody(Call call) {
    JsonArray messages = new JsonArray();
    for (ChatMessage m : call.messages()) {
      JsonObject json = new JsonObject().put("role", m.role()).put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        json.put("tool_calls", ToolCall.toOpenAi(m.toolCalls()));
      }
      if (m.toolCallId() != null) {
        json.put("tool_call_id", m.toolCallId());
      }
      messages.add(json);
    }
    JsonObject body = new JsonObject().put("model", options.model()).put("messages", messages).put("stream", true);
    if (!call.tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      for (ToolSpec t : call.tools()) {
        tools.add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", t.name())
            .put("description", t.description()).put("parameters", new JsonObject(t.parameters()))));
      }
      body.put("tools", tools);
      if (call.toolChoice() != null) {
        body.put("tool_choice", switch (call.toolChoice()) {
          case "auto", "none", "required" -> call.toolChoice();
          default -> new JsonObject().put("type", "function").put("function", new JsonObject().put("name", call.toolChoice()));
        });
      }
    }
    if (call.temperature() != null) {
      body.put("temperature", call.temperature());
    }
    if (call.maxTokens() != null) {
      body.put("max_tokens", call.maxTokens());
    }
    return body;
  }

  private Future<Reply> attempt(JsonObject body, Sink sink, int attempt) {
    Promise<Reply> promise = Promise.promise();
    Stream stream = new Stream(sink);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(options.baseUrl().replaceAll("/+$", "") + "/chat/completions")
        .setIdleTimeout(options.timeoutMs()).putHeader("content-type", "application/json")
        .putHeader("accept", "text/event-stream");
    if (options.apiKey() != null && !options.apiKey().isBlank()) {
      request.putHeader("authorization", "Bearer " + options.apiKey());
    }
    http.request(request)
        .compose(req -> {
          req.exceptionHandler(err -> { }); // a reset on cancel is expected; failures surface on the response
          sink.onCancel(() -> req.reset());
          // the response is read in the callback that delivers it: a short error body can arrive with the head,
          // and would be gone by a later callback (the call then hung until the test's timeout)
          return req.send(body.toBuffer()).compose(res -> {
            if (res.statusCode() == 200) {
              stream.consume(res, promise);
              return Future.succeededFuture();
            }
            return res.body().transform(b -> {
              String detail = b.succeeded() ? errorMessage(b.result()) : "";
              return Future.failedFuture(new EngineException(res.statusCode(), "the model server answered HTTP "
                  + res.statusCode() + (detail.isEmpty() ? "" : ": " + detail)));
            });
          });
        })
        .onFailure(promise::tryFail);
    return promise.future().recover(err -> {
      boolean retryable = !(err instanceof EngineException e) || e.status == 429 || e.status >= 500;
      if (!retryable || stream.started || !sink.active() || attempt >= options.retries()) {
        return Future.failedFuture(err);
      }
      long delay = options.backoffMs() << attempt;
      return vertx.timer(delay).compose(v -> attempt(body, sink, attempt + 1));
    });
  }

  private static String errorMessage(Buffer body) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      return error == null ? "" : error.getString("message", "");
    } catch (RuntimeException e) {
      return body.length() > 200 ? body.getString(0, 200) : body.toString();
    }
  }

  /** An HTTP failure of the model server. */
  public static final class EngineException extends RuntimeException {
    final int status;

    EngineException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Parses one streamed response. */
  private static final class Stream {
    final Sink sink;
    final StringBuilder content = new StringBuilder();
    final TreeMap<Integer, String[]> calls = new TreeMap<>();
    String finish = "stop";
    int promptTokens;
    int completionTokens;
    boolean started;
    boolean cancelled;

    Stream(Sink sink) {
      this.sink = sink;
    }

    void consume(HttpClientResponse res, Promise<Reply> promise) {
      RecordParser lines = RecordParser.newDelimited("\n", line -> onLine(line.toString().trim()));
      res.handler(lines);
      res.exceptionHandler(err -> {
        if (cancelled || !sink.active()) {
          cancelled = true;
          promise.tryComplete(reply());
        } else {
          promise.tryFail(err);
        }
      });
      res.endHandler(v -> promise.tryComplete(reply()));
    }

    void onLine(String line) {
      if (cancelled || !line.startsWith("data:")) {
        return;
      }
      String data = line.substring(5).trim();
      if (data.equals("[DONE]")) {
        return;
      }
      JsonObject chunk = new JsonObject(data);
      JsonObject usage = chunk.getJsonObject("usage");
      if (usage != null) {
        promptTokens = usage.getInteger("prompt_tokens", 0);
        completionTokens = usage.getInteger("completion_tokens", 0);
      }
      JsonArray choices = chunk.getJsonArray("choices", new JsonArray());
      if (choices.isEmpty()) {
        return;
      }
      JsonObject choice = choices.getJsonObject(0);
      if (choice.getString("finish_reason") != null) {
        finish = choice.getString("finish_reason");
      }
      JsonObject delta = choice.getJsonObject("delta", new JsonObject());
      String text = delta.getString("content");
      if (text != null && !text.isEmpty()) {
        started = true;
        content.append(text);
        if (!sink.token(text)) {
          cancelled = true;
        }
      }
      for (Object o : delta.getJsonArray("tool_calls", new JsonArray())) {
        started = true;
        JsonObject call = (JsonObject) o;
        String[] acc = calls.computeIfAbsent(call.getInteger("index", 0), i -> new String[] {null, null, ""});
        JsonObject fn = call.getJsonObject("function", new JsonObject());
        acc[0] = call.getString("id", acc[0]);
        acc[1] = fn.getString("name", acc[1]);
        acc[2] = acc[2] + fn.getString("arguments", "");
      }
    }

    Reply reply() {
      List<ToolCall> toolCalls = new ArrayList<>();
      for (String[] c : calls.values()) {
        toolCalls.add(new ToolCall(c[0], c[1], c[2].isEmpty() ? "{}" : c[2]));
      }
      String reason = cancelled ? "cancelled" : !toolCalls.isEmpty() ? "tool_calls" : finish;
      int completion = completionTokens > 0 ? completionTokens : LanguageModel.roughTokens(content.toString());
      return new Reply(content.toString(), toolCalls, reason, promptTokens, completion);
    }
  }
}
