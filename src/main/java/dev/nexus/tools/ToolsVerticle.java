package dev.nexus.tools;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ToolSpec;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.knowledge.Embedder;
import dev.nexus.knowledge.PassageIndex;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.tools.builtin.CalculatorTool;
import dev.nexus.tools.builtin.ClockTool;
import dev.nexus.tools.builtin.DocumentSearchTool;
import dev.nexus.tools.builtin.WebSearchTool;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool registry and the built-in tools. Tools anywhere on the bus announce themselves here; the
 * registry asks for fresh announcements every {@code discovery-interval-ms} and drops tools that
 * stop answering. Built-ins: calculator, clock, document_search, web_search.
 */
public final class ToolsVerticle extends CapabilityVerticle {
  private ToolRegistry registry;
  private ToolHost builtins;
  private PassageIndex documents;
  private int maxPassageChars;
  private long timer;

  @Override
  protected String capability() {
    return Addresses.TOOLS;
  }

  @Override
  protected String defaultEngine() {
    return "builtin";
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
    List<String> enabled = config.strings("builtin", List.of("calculator", "clock", "document_search", "web_search"));

    var bus = vertx.eventBus();
    bus.<ToolSpec>consumer(Addresses.TOOLS_ANNOUNCE, m -> registry.announced(m.body()));
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
          default -> throw new dev.nexus.config.ConfigException(config.source() + ": key 'builtin' lists unknown tool '"
              + name + "' (known: calculator, clock, document_search, web_search)");
        }
      }
      return ToolHost.expose(vertx, "local", tools);
    }).onSuccess(host -> {
      builtins = host;
      bus.publish(Addresses.TOOLS_DISCOVER, "discover");
    });
  }

  @Override
  protected Future<?> stopCapability() {
    vertx.cancelTimer(timer);
    return builtins == null ? Future.succeededFuture() : builtins.close();
  }

  @Override
  protected JsonObject describe() {
    return super.describe().put("tools", registry == null ? 0 : registry.list().size())
        .put("documents", documents == null ? 0 : documents.size());
  }

  private JsonObject listJson() {
    JsonArray data = new JsonArray();
    for (ToolSpec spec : registry.list()) {
      data.add(new JsonObject().put("name", spec.name()).put("description", spec.description())
          .put("parameters", new JsonObject(spec.parameters())).put("node", spec.node()));
    }
    return new JsonObject().put("object", "list").put("data", data);
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
