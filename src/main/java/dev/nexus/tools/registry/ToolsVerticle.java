package dev.nexus.tools.registry;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ToolSpec;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.knowledge.Embedder;
import dev.nexus.knowledge.PassageIndex;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.tools.Tool;
import dev.nexus.tools.ToolHost;
import dev.nexus.tools.builtin.CalculatorTool;
import dev.nexus.tools.builtin.ClockTool;
import dev.nexus.tools.builtin.DocumentSearchTool;
import dev.nexus.tools.builtin.WebSearchTool;
import dev.nexus.tools.mcp.McpServerConfig;
import dev.nexus.tools.mcp.McpSource;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tool registry and the built-in tools. Tools anywhere on the bus announce themselves here; the
 * registry asks for fresh announcements every {@code discovery-interval-ms} and drops tools that
 * stop answering. Built-ins: calculator, clock, document_search, web_search. The MCP servers of
 * {@code mcp.servers} are tool sources too ({@link McpSource}).
 */
public final class ToolsVerticle extends CapabilityVerticle {
  private ToolRegistry registry;
  private ToolHost builtins;
  private PassageIndex documents;
  private int maxPassageChars;
  private long timer;
  private final List<McpSource> mcpSources = new ArrayList<>();

  public ToolsVerticle() {
    super(Addresses.TOOLS, "builtin");
  }

  @Override
  protected Future<?> startCapability(VerticleSettings settings) {
    Settings config = settings.config();
    long interval = config.integer("discovery-interval-ms", 10_000, 100, 3_600_000);
    registry = new ToolRegistry(config.integer("discovery-rounds-to-live", 3, 1, 100));
    maxPassageChars = config.integer("max-passage-chars", 400, 50, 10_000);
    Settings web = config.section("web-search");
    String baseUrl = web.string("base-url", null);
    int webTimeout = web.integer("timeout-ms", 8000, 100, 120_000);
    int maxAnswerChars = config.integer("max-answer-chars", ToolHost.DEFAULT_MAX_ANSWER_CHARS, 100, 10_000_000);
    Settings mcp = config.section("mcp");
    McpSource.Timing timing = new McpSource.Timing(Duration.ofMillis(mcp.integer("call-timeout-ms", 8000, 10, 600_000)),
        mcp.integer("ping-interval-ms", 5000, 50, 3_600_000), mcp.integer("restart-backoff-ms", 500, 10, 600_000),
        mcp.integer("restart-backoff-max-ms", 30_000, 10, 3_600_000), maxAnswerChars);
    List<McpServerConfig> servers = McpServerConfig.all(mcp.section("servers"));
    List<String> enabled = config.strings("builtin", List.of("calculator", "clock", "document_search", "web_search"));

    var bus = vertx.eventBus();
    bus.<Object>consumer(Addresses.TOOLS_ANNOUNCE, m -> registry.announced(m.body() instanceof JsonObject json
        ? new ToolSpec(json.getString("name"), json.getString("description", ""),
            json.getJsonObject("parameters", new JsonObject()).getMap(), json.getString("node"))
        : (ToolSpec) m.body())); // a bridge plugin announces as JSON (the gateway checked it)
    bus.<String>consumer(Addresses.TOOLS_WITHDRAW, m -> registry.withdrawn(m.body()));
    bus.consumer(Addresses.TOOLS_LIST, m -> m.reply(listJson()));
    bus.<JsonObject>consumer(Addresses.DOCUMENTS_ADD, this::addDocument);
    timer = vertx.setPeriodic(interval, id -> {
      for (String dropped : registry.newRound()) {
        log.info("tool {} stopped answering; dropped", dropped);
      }
      bus.publish(Addresses.TOOLS_DISCOVER, "discover");
    });

    return infer(() -> new PassageIndex(Embedder.shared())).compose(index -> {
      documents = index;
      List<Tool> tools = new ArrayList<>();
      for (String name : enabled) {
        switch (name) {
          case "calculator" -> tools.add(new CalculatorTool());
          case "clock" -> tools.add(new ClockTool(Clock.systemUTC()));
          case "document_search" -> tools.add(new DocumentSearchTool(vertx, documents));
          case "web_search" -> tools.add(new WebSearchTool(WebClient.create(vertx), baseUrl, webTimeout));
          default -> throw new ConfigException(config.source() + ": key 'builtin' lists unknown tool '"
              + name + "' (known: calculator, clock, document_search, web_search)");
        }
      }
      return ToolHost.expose(vertx, "local", tools, maxAnswerChars);
    }).compose(host -> {
      builtins = host;
      bus.publish(Addresses.TOOLS_DISCOVER, "discover");
      List<Future<Void>> connected = new ArrayList<>();
      for (McpServerConfig server : servers) {
        McpSource source = new McpSource(vertx, server, timing);
        mcpSources.add(source);
        connected.add(source.start());
      }
      return Future.all(connected);
    });
  }

  @Override
  protected Future<?> stopCapability() {
    vertx.cancelTimer(timer);
    List<Future<Void>> closed = new ArrayList<>();
    mcpSources.forEach(source -> closed.add(source.close()));
    closed.add(builtins == null ? Future.succeededFuture() : builtins.close());
    return Future.join(closed);
  }

  @Override
  protected JsonObject describe() {
    return super.describe().put("tools", registry == null ? 0 : registry.list().size())
        .put("documents", documents == null ? 0 : documents.size())
        .put("mcp_servers", new JsonObject(mcpSources.stream().collect(Collectors.toMap(
            McpSource::name, s -> (Object) new JsonObject().put("up", s.up()).put("restarts", s.restarts())))));
  }

  private JsonObject listJson() {
    JsonArray data = new JsonArray();
    for (ToolSpec spec : registry.list()) {
      data.add(new JsonObject().put("name", spec.name()).put("description", spec.description())
          .put("parameters", new JsonObject(spec.parameters())).put("node", spec.node())
          .put("source", source(spec.node())));
    }
    return new JsonObject().put("object", "list").put("data", data);
  }

  /** Where a tool comes from, by the node it announced: builtin, mcp (an MCP server), bridge or plugin. */
  public static String source(String node) {
    if (node == null || node.equals("local")) {
      return "builtin";
    }
    int colon = node.indexOf(':');
    String kind = colon < 0 ? "" : node.substring(0, colon);
    return kind.equals("mcp") || kind.equals("bridge") ? kind : "plugin";
  }

  private void addDocument(Message<JsonObject> message) {
    JsonObject doc = message.body();
    String text = doc.getString("text");
    String title = doc.getString("title", "untitled");
    String id = doc.getString("id", title);
    infer(() -> documents.add(id, title, text, maxPassageChars))
        .onSuccess(n -> message.reply(new JsonObject().put("id", id).put("passages", n)))
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }
}
