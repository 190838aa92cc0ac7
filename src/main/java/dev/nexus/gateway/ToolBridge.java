package dev.nexus.gateway;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.ToolSpec;
import dev.nexus.config.Settings;
import dev.nexus.tools.ToolHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool plugins in any language, over the frame format of Vert.x's TCP event-bus bridge (4-byte length + JSON; see
 * {@link BridgeConnection}; docs/ARCHITECTURE.md "Three ways to add a tool"). Only the tool-plugin addresses exist
 * here, both ways: a plugin publishes its {@link ToolSpec} to {@code nexus.tools.announce} (and again whenever
 * {@code nexus.tools.discover} asks: that is its heartbeat), its name to {@code nexus.tools.withdraw}, and answers
 * calls sent to {@code nexus.plugin.<name>}. The gateway relays each call from the tool's usual address
 * ({@code nexus.tools.<name>}) with a timeout and a size limit on the answer, so callers see a plugin exactly as a
 * Java tool. A connection is authenticated by its first frame's {@code authorization: Bearer KEY} header (a key with
 * the {@code tools} right); when it drops, its tools are withdrawn at once. Each connection may send
 * {@code max-frames-per-second} frames (more are refused) of at most {@code max-frame-bytes} (a larger one closes it).
 * The gateway speaks the format itself rather than through {@code vertx-tcp-eventbus-bridge}, whose frame parser
 * holds a frame of any declared length in memory.
 */
final class ToolBridge {
  private static final Logger LOG = LoggerFactory.getLogger(ToolBridge.class);
  /** Where a bridge plugin answers the calls of its tool {@code name}. */
  static final String PLUGIN_PREFIX = "nexus.plugin.";
  private static final String DENIED = "access_denied";

  private final Vertx vertx;
  private final ApiKeys keys;
  private final long callTimeoutMs;
  private final int maxAnswerChars;
  private final int maxFramesPerSecond;
  private final int maxFrameBytes;
  private final int maxTools;
  private final Map<NetSocket, BridgeConnection> plugins = new HashMap<>();
  /** Tool name → the plugin that owns it (a name belongs to one connection at a time). */
  private final Map<String, BridgeConnection> owners = new HashMap<>();
  private NetServer server;
  private MessageConsumer<Object> discover;

  private ToolBridge(Vertx vertx, ApiKeys keys, Settings config) {
    this.vertx = vertx;
    this.keys = keys;
    this.callTimeoutMs = config.integer("call-timeout-ms", 8000, 10, 600_000);
    this.maxAnswerChars = config.integer("max-answer-chars", 65_536, 100, 10_000_000);
    this.maxFramesPerSecond = config.integer("max-frames-per-second", 50, 1, 100_000);
    this.maxFrameBytes = config.integer("max-frame-bytes", 1_048_576, 1024, 64 * 1024 * 1024);
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
    tools.discover = vertx.eventBus().consumer(Addresses.TOOLS_DISCOVER, m -> tools.plugins.values().stream()
        .filter(p -> p.registered.contains(Addresses.TOOLS_DISCOVER))
        .forEach(p -> p.message(Addresses.TOOLS_DISCOVER, m.body(), null)));
    tools.server = vertx.createNetServer(new NetServerOptions()).connectHandler(tools::connected);
    return tools.server.listen(port, host).map(s -> {
      LOG.info("tool bridge listening on {}:{}", host, s.actualPort());
      return tools;
    });
  }

  private void connected(NetSocket socket) {
    BridgeConnection plugin = new BridgeConnection(socket, maxFrameBytes, maxFramesPerSecond, this::frame);
    plugins.put(socket, plugin);
    socket.handler(plugin::received);
    socket.closeHandler(v -> dropped(plugin));
    socket.exceptionHandler(err -> socket.close());
  }

  private void frame(BridgeConnection plugin, JsonObject frame) {
    if (!plugin.takeFrame()) {
      LOG.debug("bridge plugin {} is over {} frames a second; frame refused", plugin.label, maxFramesPerSecond);
      plugin.error("rate_limited: more than " + maxFramesPerSecond + " frames a second");
      return;
    }
    JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h : null;
    String authorization = headers != null && headers.remove("authorization") instanceof String a ? a : null;
    if (plugin.label == null && !authenticate(plugin, authorization)) {
      plugin.close(DENIED + ": the first frame needs 'authorization: Bearer KEY', a key with the tools right");
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : null;
    switch (String.valueOf(frame.getValue("type"))) {
      case "ping" -> plugin.send(new JsonObject().put("type", "pong"));
      case "register" -> {
        if (Addresses.TOOLS_DISCOVER.equals(address) || claims(plugin, toolOf(address))) {
          plugin.registered.add(address);
        } else {
          plugin.error(DENIED);
        }
      }
      case "unregister" -> plugin.registered.remove(address);
      case "send", "publish" -> deliver(plugin, address, frame);
      default -> plugin.error("unknown_type: a frame's type is send, publish, register, unregister or ping");
    }
  }

  /** A send or publish: an answer to a call, an announcement, a withdrawal; nothing else passes. */
  private void deliver(BridgeConnection plugin, String address, JsonObject frame) {
    BridgeConnection.Pending call = address == null ? null : plugin.pending.remove(address);
    if (call != null) {
      vertx.cancelTimer(call.timer());
      call.call().reply(answer(call.call().body().name(), frame.getValue("body")));
    } else if (Addresses.TOOLS_ANNOUNCE.equals(address) && frame.getValue("body") instanceof JsonObject body
        && announce(plugin, body)) {
      vertx.eventBus().publish(Addresses.TOOLS_ANNOUNCE, body);
    } else if (Addresses.TOOLS_WITHDRAW.equals(address) && frame.getValue("body") instanceof String name
        && owners.get(name) == plugin) {
      release(plugin, name);
      vertx.eventBus().publish(Addresses.TOOLS_WITHDRAW, name);
    } else {
      plugin.error(DENIED);
    }
  }

  private boolean authenticate(BridgeConnection plugin, String authorization) {
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

  /** Whether the plugin may own the tool {@code name}: a valid tool name that no other plugin holds. */
  private boolean claims(BridgeConnection plugin, String name) {
    if (!ToolSpec.validToolName(name)) {
      return false;
    }
    BridgeConnection owner = owners.get(name);
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
  private boolean announce(BridgeConnection plugin, JsonObject body) {
    if (!(body.getValue("name") instanceof String name) || !claims(plugin, name)
        || (body.getValue("description") != null && !(body.getValue("description") instanceof String))
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

  /** A call of a bridge tool: to the plugin as a message frame, back to the caller as a {@link ToolResult}. */
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
    BridgeConnection plugin = owners.get(call.name());
    String address = PLUGIN_PREFIX + call.name();
    if (plugin == null || !plugin.registered.contains(address)) {
      message.reply(ToolResult.error(call.name(), "the tool failed: its plugin does not listen at " + address));
      return;
    }
    String replyAddress = UUID.randomUUID().toString();
    long timer = vertx.setTimer(callTimeoutMs, t -> {
      if (plugin.pending.remove(replyAddress) != null) {
        message.reply(ToolResult.error(call.name(), "the tool gave no answer within " + callTimeoutMs + " ms"));
      }
    });
    plugin.pending.put(replyAddress, new BridgeConnection.Pending(message, timer));
    plugin.message(address, new JsonObject().put("name", call.name()).put("arguments", arguments)
        .put("session_id", call.context().sessionId()).put("request_id", call.context().requestId()), replyAddress);
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
    return content.length() > maxAnswerChars ? ToolResult.error(name, ToolHost.tooLong(content.length(),
        maxAnswerChars)) : new ToolResult(name, content, error);
  }

  private void release(BridgeConnection plugin, String name) {
    owners.remove(name);
    MessageConsumer<ToolInvocation> relay = plugin.tools.remove(name);
    if (relay != null) {
      relay.unregister();
    }
  }

  /** The connection is gone: its tools are withdrawn at once, and the calls it had not answered fail. */
  private void dropped(BridgeConnection plugin) {
    plugins.remove(plugin.socket);
    for (String name : List.copyOf(plugin.tools.keySet())) {
      release(plugin, name);
      vertx.eventBus().publish(Addresses.TOOLS_WITHDRAW, name);
    }
    owners.values().removeIf(p -> p == plugin);
    plugin.pending.values().forEach(call -> {
      vertx.cancelTimer(call.timer());
      call.call().reply(ToolResult.error(call.call().body().name(), "the tool failed: its plugin disconnected"));
    });
    plugin.pending.clear();
    if (plugin.label != null) {
      LOG.info("bridge plugin {} disconnected; its tools are withdrawn", plugin.label);
    }
  }

  /** The port the bridge listens on (tools.yaml's {@code bridge.port}, or the one picked for 0). */
  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    if (discover != null) {
      discover.unregister();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }
}
