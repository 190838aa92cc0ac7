package dev.nexus.tools.mcp;

import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import dev.nexus.tools.ToolHost;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One MCP server as a source of tools, through the official MCP Java SDK. It connects, lists the server's tools
 * and exposes each as {@code <server>.<tool>} (a {@link ToolHost} with node {@code mcp:<server>}). A server that
 * dies (a stdio process that exits, or one that stops answering pings) has its tools withdrawn at once and is
 * started again with exponential backoff; its tools return once it is back. Runs on the tools verticle's context.
 */
public final class McpSource {
  private static final Logger LOG = LoggerFactory.getLogger(McpSource.class);

  /** Timing of calls, health checks and restarts (tools.yaml {@code mcp}). */
  public record Timing(Duration callTimeout, long pingIntervalMs, long backoffMs, long maxBackoffMs,
      int maxAnswerChars) {
  }

  /** How long a server may take to start and list its tools (npx may install it first); calls have their own. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** How long a ping may take before the server counts as down. */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Context context;
  private final McpServerConfig config;
  private final Timing timing;
  private McpAsyncClient client;
  private ToolHost host;
  private long backoffMs;
  private long pingTimer = -1;
  private int generation;
  private boolean closed;
  private int restarts;

  public McpSource(Vertx vertx, McpServerConfig config, Timing timing) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.timing = timing;
    this.backoffMs = timing.backoffMs();
  }

  /** Connects (and keeps reconnecting while the server is down); completes after the first attempt. */
  public Future<Void> start() {
    return connect().otherwiseEmpty();
  }

  /** The server's name, which prefixes its tools. */
  public String name() {
    return config.name();
  }

  /** Whether its tools are registered now. */
  public boolean up() {
    return host != null;
  }

  /** How many times it was started again after dying. */
  public int restarts() {
    return restarts;
  }

  private Future<Void> connect() {
    int attempt = ++generation;
    McpClientTransport transport = transport();
    McpAsyncClient connecting = McpClient.async(transport).requestTimeout(START_TIMEOUT)
        .initializationTimeout(START_TIMEOUT).clientInfo(new McpSchema.Implementation("nexus", "1"))
        .build();
    client = connecting;
    return await(connecting.initialize())
        .compose(init -> listTools(connecting, null, new ArrayList<>()))
        .compose(tools -> {
          List<Tool> exposed = new ArrayList<>();
          for (McpSchema.Tool tool : tools) {
            if (ToolSpec.validToolName(config.name() + "." + tool.name())) {
              exposed.add(new McpTool(connecting, context, config.name(), tool, timing.callTimeout()));
            } else { // the registry's one rule for tool names (ToolSpec.validToolName)
              LOG.warn("MCP server {}: tool '{}' skipped: a tool name is letters, digits, _, - and single dots, at "
                  + "most 128 characters with its server's name", config.name(), tool.name());
            }
          }
          return ToolHost.expose(vertx, "mcp:" + config.name(), exposed, timing.maxAnswerChars());
        })
        .compose(exposed -> {
          if (attempt != generation || closed) {
            return exposed.close();
          }
          host = exposed;
          backoffMs = timing.backoffMs();
          LOG.info("MCP server {} is up with {} tools", config.name(), exposed.specs().size());
          watch(attempt, transport, connecting);
          return Future.<Void>succeededFuture();
        })
        .onFailure(err -> down(attempt, describe(err)));
  }

  private Future<List<McpSchema.Tool>> listTools(McpAsyncClient c, String cursor, List<McpSchema.Tool> into) {
    return await(cursor == null ? c.listTools() : c.listTools(cursor)).compose(page -> {
      into.addAll(page.tools());
      return page.nextCursor() == null || page.nextCursor().isEmpty() ? Future.succeededFuture(into)
          : listTools(c, page.nextCursor(), into);
    });
  }

  private McpClientTransport transport() {
    if (config.stdio()) {
      StdioClientTransport stdio = new StdioClientTransport(ServerParameters.builder(config.command())
          .args(config.args()).env(config.env()).build(), McpJsonDefaults.getMapper());
      stdio.setStdErrorHandler(line -> LOG.debug("MCP server {}: {}", config.name(), line));
      return stdio;
    }
    URI url = config.url();
    String base = url.getScheme() + "://" + url.getRawAuthority();
    String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    HttpRequest.Builder request = HttpRequest.newBuilder();
    config.headers().forEach(request::header);
    return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).requestBuilder(request)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A stdio server is down the moment its process exits; any server is down when it stops answering pings. */
  private void watch(int attempt, McpClientTransport transport, McpAsyncClient connected) {
    if (transport instanceof StdioClientTransport stdio) {
      Thread waiter = new Thread(() -> {
        try {
          stdio.awaitForExit();
        } catch (RuntimeException e) {
          LOG.debug("MCP server {}: waiting for its exit failed", config.name(), e);
        }
        context.runOnContext(v -> down(attempt, "its process exited"));
      }, "nexus-mcp-" + config.name());
      waiter.setDaemon(true);
      waiter.start();
    }
    pingTimer = vertx.setPeriodic(timing.pingIntervalMs(), id -> await(connected.ping().timeout(PING_TIMEOUT))
        .onFailure(err -> down(attempt, "it did not answer a ping: " + describe(err))));
  }

  /** Withdraws the tools of this attempt and schedules the next one. */
  private void down(int attempt, String why) {
    if (attempt != generation || closed) {
      return;
    }
    generation++;
    vertx.cancelTimer(pingTimer);
    if (host != null) {
      host.close();
      host = null;
    }
    McpAsyncClient dead = client;
    vertx.executeBlocking(() -> {
      dead.close();
      return null;
    }, false);
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, timing.maxBackoffMs());
    LOG.warn("MCP server {} is down ({}); its tools are withdrawn; trying again in {} ms", config.name(), why, delay);
    vertx.setTimer(delay, t -> {
      if (!closed) {
        restarts++;
        connect();
      }
    });
  }

  /** Withdraws the tools and stops the server (a stdio child process is ended). */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(pingTimer);
    Future<Void> withdrawn = host == null ? Future.succeededFuture() : host.close();
    host = null;
    McpAsyncClient c = client;
    return withdrawn.compose(v -> c == null ? Future.succeededFuture()
        : await(c.closeGracefully().timeout(Duration.ofSeconds(5))).<Void>mapEmpty().recover(err ->
            vertx.executeBlocking(() -> {
              c.close();
              return null;
            }, false)));
  }

  private <T> Future<T> await(Mono<T> mono) {
    return await(mono, context);
  }

  /** The SDK may block the subscribing thread (it starts HTTP clients and processes): never on an event loop. */
  static <T> Future<T> await(Mono<T> mono, Context context) {
    return Future.fromCompletionStage(mono.subscribeOn(Schedulers.boundedElastic()).toFuture(), context);
  }

  static Throwable cause(Throwable err) {
    return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
  }

  /** An error with its causes, as one line: the SDK wraps the interesting part. */
  static String describe(Throwable err) {
    StringBuilder text = new StringBuilder(String.valueOf(cause(err).getMessage()));
    for (Throwable c = cause(err).getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      text.append(": ").append(c.getMessage());
    }
    return text.toString();
  }
}
