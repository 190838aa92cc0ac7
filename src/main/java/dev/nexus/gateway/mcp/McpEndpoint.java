package dev.nexus.gateway.mcp;

import dev.nexus.bus.Addresses;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Nexus as an MCP server at {@code /mcp} (Streamable HTTP), through the official MCP Java SDK's server on a Vert.x
 * transport ({@link McpHttpTransport}). Its tools: {@code speak}, {@code transcribe}, {@code make_podcast},
 * {@code search_documents}, and every tool of the registry under its registry name (built-in, plugin, bridge, MCP),
 * brought up to date with the registry before each {@code tools/list} and {@code tools/call}. The API keys guard
 * the path in the gateway (the {@code tools} right).
 */
public final class McpEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
  public static final String PATH = "/mcp";

  /** tools.yaml-free settings of the endpoint (gateway.yaml {@code mcp}). */
  public record Options(long toolTimeoutMs, long stageTimeoutMs, long podcastTimeoutMs, int maxSessions,
      long sessionIdleMs) {
  }

  private final Vertx vertx;
  private final Context context;
  private final McpHttpTransport transport;
  private final McpAsyncServer server;
  private final CapabilityTools capabilities;
  private final Set<String> own;
  /** The registry tools offered now: name → their spec as JSON, to see a change. */
  private final Map<String, String> offered = new HashMap<>();
  private final long sweeper;
  private Future<Void> syncing = Future.succeededFuture();

  public McpEndpoint(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    McpJsonMapper json = McpJsonDefaults.getMapper();
    this.transport = new McpHttpTransport(json, options.maxSessions(), this::beforeRequest);
    this.capabilities = new CapabilityTools(vertx, context, options.toolTimeoutMs(), options.stageTimeoutMs());
    List<McpServerFeatures.AsyncToolSpecification> tools = new ArrayList<>(capabilities.specifications());
    tools.add(new PodcastTool(vertx, context, options.podcastTimeoutMs()).specification());
    this.own = tools.stream().map(t -> t.tool().name()).collect(Collectors.toUnmodifiableSet());
    this.server = McpServer.async(transport).serverInfo("nexus", "1").jsonMapper(json)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools).build();
    this.sweeper = vertx.setPeriodic(Math.max(1000, options.sessionIdleMs() / 4),
        t -> transport.expire(options.sessionIdleMs()));
  }

  public void mount(Router router) {
    transport.mount(router, PATH);
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweeper);
    return Future.fromCompletionStage(server.closeGracefully().toFuture());
  }

  /** Listing and calling tools first bring the registry's tools up to date; other requests go straight on. */
  private Future<Void> beforeRequest(String method) {
    if (!McpSchema.METHOD_TOOLS_LIST.equals(method) && !McpSchema.METHOD_TOOLS_CALL.equals(method)) {
      return Future.succeededFuture();
    }
    syncing = syncing.transform(v -> sync()); // one at a time, in order
    return syncing;
  }

  /** Adds the registry's new (or changed) tools and removes the gone ones; a registry that is away changes none. */
  private Future<Void> sync() {
    return vertx.eventBus().<JsonObject>request(Addresses.TOOLS_LIST, "list", new DeliveryOptions().setSendTimeout(2000))
        .compose(reply -> {
          Map<String, JsonObject> live = new HashMap<>();
          reply.body().getJsonArray("data").forEach(t -> {
            JsonObject tool = (JsonObject) t;
            if (!own.contains(tool.getString("name"))) {
              live.put(tool.getString("name"), tool);
            }
          });
          Mono<Void> changes = Mono.empty();
          for (String name : List.copyOf(offered.keySet())) {
            if (!live.containsKey(name) || !live.get(name).encode().equals(offered.get(name))) {
              offered.remove(name);
              changes = changes.then(server.removeTool(name).onErrorResume(e -> Mono.empty()));
            }
          }
          for (JsonObject tool : live.values()) {
            String name = tool.getString("name");
            if (!offered.containsKey(name)) {
              offered.put(name, tool.encode());
              changes = changes.then(server.addTool(registryTool(tool)).onErrorResume(e -> {
                LOG.warn("the registry tool {} cannot be offered over MCP: {}", name, e.getMessage());
                return Mono.empty();
              }));
            }
          }
          return Future.fromCompletionStage(changes.toFuture());
        })
        .recover(err -> {
          LOG.debug("MCP: the tool registry did not answer ({}); its tools stay as they were", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private McpServerFeatures.AsyncToolSpecification registryTool(JsonObject tool) {
    String name = tool.getString("name");
    JsonObject parameters = tool.getJsonObject("parameters", new JsonObject().put("type", "object"));
    return McpCalls.tool(context, name, tool.getString("description", ""),
        McpCalls.plain(parameters), (exchange, request) -> capabilities.registryTool(name,
            McpCalls.arguments(request)));
  }
}
