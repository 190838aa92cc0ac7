package dev.nexus.gateway.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP Streamable HTTP transport on Vert.x Web, for the official MCP Java SDK's server (which ships servlet and
 * Spring transports only). {@code POST} carries one JSON-RPC message: {@code initialize} is answered as JSON with a
 * new {@code Mcp-Session-Id}; every other request is answered as a server-sent event stream that carries the
 * request's notifications (progress) and then its response; notifications and responses get 202. {@code DELETE}
 * ends a session; {@code GET} (a server-initiated stream) answers 405, which the protocol allows. The SDK's session
 * does the JSON-RPC; this class moves its messages, always writing on the request's Vert.x context.
 */
final class McpHttpTransport implements McpStreamableServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(McpHttpTransport.class);
  static final String SESSION_HEADER = "mcp-session-id";

  private final McpJsonMapper json;
  private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
  private final int maxSessions;
  private final Function<String, Future<Void>> beforeRequest;
  private volatile McpStreamableServerSession.Factory factory;

  /**
   * @param maxSessions sessions kept at once; an initialize beyond it is refused (503)
   * @param beforeRequest run before each request is handed to the SDK, with its method; the request waits for it
   */
  McpHttpTransport(McpJsonMapper json, int maxSessions, Function<String, Future<Void>> beforeRequest) {
    this.json = json;
    this.maxSessions = maxSessions;
    this.beforeRequest = beforeRequest;
  }

  void mount(Router router, String path) {
    router.post(path).handler(this::post);
    router.delete(path).handler(this::delete);
    router.get(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader("allow", "POST, DELETE").end());
  }

  /** Ends the sessions nobody used for {@code idleMs}. */
  void expire(long idleMs) {
    long now = System.currentTimeMillis();
    lastUsed.forEach((id, used) -> {
      if (now - used > idleMs) {
        end(id);
      }
    });
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
    this.factory = sessionFactory;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.empty(); // no server-initiated streams (GET answers 405): nothing to notify on
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> List.copyOf(sessions.keySet()).forEach(this::end));
  }

  private void end(String id) {
    McpStreamableServerSession session = sessions.remove(id);
    lastUsed.remove(id);
    if (session != null) {
      session.delete().onErrorResume(e -> Mono.empty()).subscribe();
    }
  }

  private void post(RoutingContext ctx) {
    String accept = ctx.request().getHeader("accept");
    if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
      error(ctx, 406, McpSchema.ErrorCodes.INVALID_REQUEST,
          "The Accept header must list both application/json and text/event-stream");
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, ctx.body().asString());
    } catch (IOException | RuntimeException e) {
      error(ctx, 400, McpSchema.ErrorCodes.PARSE_ERROR, "The body is not one JSON-RPC message: " + e.getMessage());
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
      initialize(ctx, request);
      return;
    }
    String id = ctx.request().getHeader(SESSION_HEADER);
    McpStreamableServerSession session = id == null ? null : sessions.get(id);
    if (id == null) {
      error(ctx, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Send the Mcp-Session-Id that initialize returned");
      return;
    }
    if (session == null) { // the protocol's answer for an unknown or expired session: the client starts again
      error(ctx, 404, McpSchema.ErrorCodes.INVALID_REQUEST, "No MCP session " + id + "; initialize again");
      return;
    }
    lastUsed.put(id, System.currentTimeMillis());
    Context context = Vertx.currentContext();
    if (message instanceof McpSchema.JSONRPCRequest request) {
      beforeRequest.apply(request.method()).onComplete(ready -> stream(ctx, context, session, request));
      return;
    }
    // a response the session cannot take answers no request of the server (its id is unknown): the client's mistake
    boolean response = message instanceof McpSchema.JSONRPCResponse;
    Mono<Void> accepted = response ? session.accept((McpSchema.JSONRPCResponse) message)
        : session.accept((McpSchema.JSONRPCNotification) message);
    accepted.subscribe(null, err -> context.runOnContext(v -> error(ctx, response ? 400 : 500,
        response ? McpSchema.ErrorCodes.INVALID_REQUEST : McpSchema.ErrorCodes.INTERNAL_ERROR,
        String.valueOf(err.getMessage()))), () -> context.runOnContext(v -> ctx.response().setStatusCode(202).end()));
  }

  private void initialize(RoutingContext ctx, McpSchema.JSONRPCRequest request) {
    if (sessions.size() >= maxSessions) {
      error(ctx, 503, McpSchema.ErrorCodes.INTERNAL_ERROR, "This server holds " + maxSessions
          + " MCP sessions, its limit; end one (DELETE) or try later");
      return;
    }
    McpSchema.InitializeRequest init;
    try {
      init = json.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() { });
    } catch (RuntimeException e) {
      error(ctx, 400, McpSchema.ErrorCodes.INVALID_PARAMS, "initialize params: " + e.getMessage());
      return;
    }
    McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
    String id = started.session().getId();
    sessions.put(id, started.session());
    lastUsed.put(id, System.currentTimeMillis());
    Context context = Vertx.currentContext();
    started.initResult().subscribe(result -> context.runOnContext(v -> {
      try {
        ctx.response().putHeader(SESSION_HEADER, id).putHeader("content-type", "application/json")
            .end(json.writeValueAsString(McpSchema.JSONRPCResponse.result(request.id(), result)));
      } catch (IOException e) {
        error(ctx, 500, McpSchema.ErrorCodes.INTERNAL_ERROR, e.getMessage());
      }
    }), err -> context.runOnContext(v -> {
      end(id);
      error(ctx, 500, McpSchema.ErrorCodes.INTERNAL_ERROR, "initialize failed: " + err.getMessage());
    }));
  }

  private void stream(RoutingContext ctx, Context context, McpStreamableServerSession session,
      McpSchema.JSONRPCRequest request) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache")
        .putHeader("content-encoding", "identity"); // no compression: each event must leave as it is written
    EventStream events = new EventStream(json, response, context, session.getId());
    session.responseStream(request, events).subscribe(null, err -> {
      LOG.debug("MCP request {} of session {} failed: {}", request.method(), session.getId(), err.getMessage());
      events.close();
    });
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.request().getHeader(SESSION_HEADER);
    if (id == null || !sessions.containsKey(id)) {
      error(ctx, 404, McpSchema.ErrorCodes.INVALID_REQUEST, "No MCP session " + id);
      return;
    }
    end(id);
    ctx.response().setStatusCode(200).end();
  }

  private void error(RoutingContext ctx, int status, int code, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    String body = new JsonObject().put("jsonrpc", "2.0").putNull("id")
        .put("error", new JsonObject().put("code", code).put("message", message)).encode();
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }

  /** One request's answer: its messages as server-sent events, ended once the SDK closes it. */
  private record EventStream(McpJsonMapper json, HttpServerResponse response, Context context, String sessionId)
      implements McpStreamableServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
      return Mono.defer(() -> {
        String event;
        try {
          event = (messageId == null ? "" : "id: " + messageId + "\n") + "event: message\ndata: "
              + json.writeValueAsString(message) + "\n\n";
        } catch (IOException e) {
          return Mono.error(e);
        }
        Promise<Void> written = Promise.promise();
        context.runOnContext(v -> {
          if (response.ended() || response.closed()) {
            written.fail("the client of MCP session " + sessionId + " is gone");
          } else {
            response.write(event).onComplete(written);
          }
        });
        return Mono.fromCompletionStage(written.future().toCompletionStage());
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
      context.runOnContext(v -> {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      });
    }
  }
}
