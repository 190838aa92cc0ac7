package dev.nexus.gateway;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.ToolSpec;
import dev.nexus.config.Settings;
import dev.nexus.tools.ToolHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool plugins in any language, over Vert.x's TCP event-bus bridge (4-byte length + JSON frames; docs/TOOLS.md
 * in README's "three ways to add a tool"). Only the tool-plugin addresses pass, both ways: a plugin publishes its
 * {@link ToolSpec} to {@code nexus.tools.announce} (and again whenever {@code nexus.tools.discover} asks: that is
 * its heartbeat), its name to {@code nexus.tools.withdraw}, and answers calls on {@code nexus.plugin.<name>}. The
 * bridge relays each call from the tool's usual address ({@code nexus.tools.<name>}) with a timeout and a size
 * limit on the answer, so callers see a plugin exactly as a Java tool. A connection is authenticated by its first
 * frame's {@code authorization: Bearer KEY} header (a key with the {@code tools} right); when it drops, its tools
 * are withdrawn at once. Each connection may send {@code max-frames-per-second} frames; more are refused.
 */
final class ToolBridge {
  private static final Logger LOG = LoggerFactory.getLogger(ToolBridge.class);
  /** Where a bridge plugin answers the calls of its tool {@code name}. */
  static final String PLUGIN_PREFIX = "nexus.plugin.";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** One plugin connection: who it is, the tools it owns, and its frame budget. */
  private final class Plugin {
    final NetSocket socket;
    String label;
    final Map<String, MessageConsumer<ToolInvocation>> tools = new HashMap<>();
    double budget = maxFramesPerSecond;
    long refilledAt = System.nanoTime();

    Plugin(NetSocket socket) {
      this.socket = socket;
    }

    boolean takeFrame() {
      long now = System.nanoTime();
      budget = Math.min(maxFramesPerSecond, budget + (now - refilledAt) / 1e9 * maxFramesPerSecond);
      refilledAt = now;
      if (budget < 1) {
        return false;
      }
      budget -= 1;
      return true;
    }
  }

  private final Vertx vertx;
  private final ApiKeys keys;
  private final long callTimeoutMs;
  private final int maxAnswerChars;
  private final int maxFramesPerSecond;
  private final int maxTools;
  private final Map<NetSocket, Plugin> plugins = new HashMap<>();
  /** Tool name → the plugin that owns it (a name belongs to one connection at a time). */
  private final Map<String, Plugin> owners = new HashMap<>();
  private TcpEventBusBridge bridge;

  private ToolBridge(Vertx vertx, ApiKeys keys, Settings config) {
    this.vertx = vertx;
    this.keys = keys;
    this.callTimeoutMs = config.integer("call-timeout-ms", 8000, 10, 600_000);
    this.maxAnswerChars = config.integer("max-answer-chars", 65_536, 100, 10_000_000);
    this.maxFramesPerSecond = config.integer("max-frames-per-second", 50, 1, 100_000);
    this.maxTools = config.integer("max-tools", 64, 1, 10_000);
  }

  /** Starts the bridge when tools.yaml's {@code bridge.enabled} is true; null when it is off. */
  static Future<ToolBridge> start(Vertx vertx, ApiKeys keys, Settings config) {
    if (!config.bool("enabled", false)) {
      return Future.succeededFuture();
    }
    ToolBridge tools = new ToolBridge(vertx, keys, config);
    String host = config.string("host", "127.0.0.1");
    int port = config.integer("port", 7001, 0, 65535);
    BridgeOptions permitted = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.TOOLS_ANNOUNCE))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.TOOLS_WITHDRAW))
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.TOOLS_DISCOVER))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(PLUGIN_PREFIX) + NAME.pattern()));
    tools.bridge = TcpEventBusBridge.create(vertx, permitted, new NetServerOptions(), tools::handle);
    return tools.bridge.listen(port, host).map(b -> {
      LOG.info("tool bridge listening on {}:{}", host, port);
      return tools;
    });
  }

  private void handle(BridgeEvent event) {
    NetSocket socket = event.socket();
    Plugin plugin = plugins.get(socket);
    if (plugin == null) {
      plugin = new Plugin(socket);
      plugins.put(socket, plugin);
      Plugin closing = plugin;
      socket.closeHandler(v -> dropped(closing));
    }
    if (!plugin.takeFrame()) {
      LOG.debug("bridge plugin {} is over {} frames a second; frame refused", plugin.label, maxFramesPerSecond);
      event.complete(false);
      return;
    }
    JsonObject frame = event.getRawMessage();
    JsonObject headers = frame.getJsonObject("headers");
    String authorization = headers == null ? null : (String) headers.remove("authorization"); // never onto the bus
    if (plugin.label == null && !authenticate(plugin, authorization)) {
      event.complete(false);
      socket.close();
      return;
    }
    BridgeEventType type = event.type();
    String address = frame.getString("address");
    if (type == BridgeEventType.SOCKET_PING || type == BridgeEventType.UNREGISTER
        || (type == BridgeEventType.SEND && frame.getString("replyAddress") == null && !isRegistry(address))) {
      event.complete(true); // pings, unregistering, and replies (the bridge checks a reply's address itself)
    } else if (type == BridgeEventType.REGISTER) {
      event.complete(Addresses.TOOLS_DISCOVER.equals(address) || claims(plugin, toolOf(address)));
    } else if (Addresses.TOOLS_ANNOUNCE.equals(address)) {
      event.complete(announce(plugin, frame));
    } else if (Addresses.TOOLS_WITHDRAW.equals(address)) {
      String name = frame.getValue("body") instanceof String s ? s : null;
      event.complete(name != null && owners.get(name) == plugin && release(plugin, name));
    } else {
      event.complete(false);
    }
  }

  private static boolean isRegistry(String address) {
    return Addresses.TOOLS_ANNOUNCE.equals(address) || Addresses.TOOLS_WITHDRAW.equals(address);
  }

  private boolean authenticate(Plugin plugin, String authorization) {
    if (!keys.enabled()) {
      plugin.label = "local";
      return true;
    }
    String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : null;
    ApiKeys.Key key = presented == null || presented.isEmpty() ? null : keys.find(presented);
    if (key == null || !key.may("tools")) {
      LOG.info("bridge connection from {} refused: {}", plugin.socket.remoteAddress(),
          key == null ? "no valid API key in its first frame" : "its key lacks the tools right");
      return false;
    }
    plugin.label = key.label();
    return true;
  }

  private static String toolOf(String address) {
    return address != null && address.startsWith(PLUGIN_PREFIX) ? address.substring(PLUGIN_PREFIX.length()) : null;
  }

  /** Whether the plugin may own the tool {@code name}: a valid name that no other plugin holds. */
  private boolean claims(Plugin plugin, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return false;
    }
    Plugin owner = owners.get(name);
    if (owner != null && owner != plugin) {
      LOG.info("bridge plugin {} may not take the tool {}: another plugin holds it", plugin.label, name);
      return false;
    }
    if (owner == null && plugin.tools.size() >= maxTools) {
      return false;
    }
    owners.put(name, plugin);
    return true;
  }

  /** Checks an announcement, stamps its node, and starts relaying calls of the tool to the plugin. */
  private boolean announce(Plugin plugin, JsonObject frame) {
    if (!(frame.getValue("body") instanceof JsonObject body) || !(body.getValue("name") instanceof String name)
        || !claims(plugin, name) || (body.getValue("description") != null
        && !(body.getValue("description") instanceof String))
        || (body.getValue("parameters") != null && !(body.getValue("parameters") instanceof JsonObject))) {
      return false;
    }
    body.put("node", "bridge:" + plugin.label);
    if (!body.containsKey("description")) {
      body.put("description", "");
    }
    if (!body.containsKey("parameters")) {
      body.put("parameters", new JsonObject().put("type", "object"));
    }
    plugin.tools.computeIfAbsent(name, n -> vertx.eventBus().consumer(Addresses.tool(n), this::relay));
    return true;
  }

  /** A call of a bridge tool: to the plugin as JSON, back to the caller as a {@link ToolResult}. */
  private void relay(Message<ToolInvocation> message) {
    ToolInvocation call = message.body();
    JsonObject arguments;
    try {
      arguments = call.arguments() == null || call.arguments().isBlank() ? new JsonObject()
          : new JsonObject(call.arguments());
    } catch (RuntimeException e) {
      message.reply(ToolResult.error(call.name(), "arguments are not a JSON object: " + e.getMessage()));
      return;
    }
    JsonObject request = new JsonObject().put("name", call.name()).put("arguments", arguments)
        .put("session_id", call.context().sessionId()).put("request_id", call.context().requestId());
    vertx.eventBus().<Object>request(PLUGIN_PREFIX + call.name(), request,
            new DeliveryOptions().setSendTimeout(callTimeoutMs))
        .onSuccess(reply -> message.reply(answer(call.name(), reply.body())))
        .onFailure(err -> message.reply(ToolResult.error(call.name(), err instanceof ReplyException re
            && re.failureType() == ReplyFailure.TIMEOUT ? "the tool gave no answer within " + callTimeoutMs + " ms"
            : "the tool failed: " + err.getMessage())));
  }

  /** A plugin answers a string, or {@code {"content": "...", "error": true|false}}. */
  private ToolResult answer(String name, Object body) {
    String content;
    boolean error = false;
    if (body instanceof JsonObject json && json.getValue("content") instanceof String text) {
      content = text;
      error = Boolean.TRUE.equals(json.getValue("error"));
    } else if (body instanceof String text) {
      content = text;
    } else {
      return ToolResult.error(name, "the tool answered neither a string nor {\"content\": ...}");
    }
    return content.length() > maxAnswerChars ? ToolResult.error(name,
        ToolHost.tooLong(content.length(), maxAnswerChars)) : new ToolResult(name, content, error);
  }

  private boolean release(Plugin plugin, String name) {
    owners.remove(name);
    MessageConsumer<ToolInvocation> relay = plugin.tools.remove(name);
    if (relay != null) {
      relay.unregister();
    }
    return true;
  }

  /** The connection is gone: its tools are withdrawn at once. */
  private void dropped(Plugin plugin) {
    plugins.remove(plugin.socket);
    for (String name : List.copyOf(plugin.tools.keySet())) {
      release(plugin, name);
      vertx.eventBus().publish(Addresses.TOOLS_WITHDRAW, name);
    }
    owners.values().removeIf(p -> p == plugin);
    if (plugin.label != null) {
      LOG.info("bridge plugin {} disconnected; its tools are withdrawn", plugin.label);
    }
  }

  Future<Void> close() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
