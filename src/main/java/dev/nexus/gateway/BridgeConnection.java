package dev.nexus.gateway;

import dev.nexus.bus.ToolInvocation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One tool-bridge connection and its wire format, Vert.x's TCP event-bus bridge frames: a 4-byte big-endian length,
 * then that many bytes of UTF-8 JSON. A frame that declares more than {@code maxFrameBytes} is refused as soon as its
 * length arrives (an {@code err} frame naming the limit, then the connection closes), before any of it is held.
 * Holds what the plugin registered, the tools it owns, the calls waiting for its answers, and its frame budget.
 */
final class BridgeConnection {
  /** A call sent to the plugin, waiting for its answer at {@code replyAddress}. */
  record Pending(Message<ToolInvocation> call, long timer) {
  }

  final NetSocket socket;
  /** The key's label once the first frame authenticated the connection; null before. */
  String label;
  /** The addresses it registered (its tools' call addresses, the registry's heartbeat). */
  final Set<String> registered = new HashSet<>();
  /** Its tools: name → the relay of their calls. */
  final Map<String, MessageConsumer<ToolInvocation>> tools = new HashMap<>();
  /** Calls sent to it: reply address → the caller. */
  final Map<String, Pending> pending = new HashMap<>();

  private final int maxFrameBytes;
  private final FrameBudget budget;
  private final BiConsumer<BridgeConnection, JsonObject> frames;
  private Buffer buffer = Buffer.buffer();
  private boolean closing;

  BridgeConnection(NetSocket socket, int maxFrameBytes, int maxFramesPerSecond,
      BiConsumer<BridgeConnection, JsonObject> frames) {
    this.socket = socket;
    this.maxFrameBytes = maxFrameBytes;
    this.budget = new FrameBudget(maxFramesPerSecond);
    this.frames = frames;
  }

  /** Bytes from the socket: each whole frame goes to the handler, in order. */
  void received(Buffer data) {
    buffer.appendBuffer(data);
    int at = 0;
    while (!closing && buffer.length() - at >= 4) {
      long length = buffer.getUnsignedInt(at);
      if (length > maxFrameBytes) {
        close("frame_too_large: a frame of " + length + " bytes; the limit is " + maxFrameBytes);
        return;
      }
      if (buffer.length() - at - 4 < length) {
        break;
      }
      String text = buffer.getString(at + 4, at + 4 + (int) length, "UTF-8");
      at += 4 + (int) length;
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        error("invalid_json: a frame must be one JSON object");
        continue;
      }
      frames.accept(this, frame);
    }
    if (!closing && at > 0) {
      buffer = buffer.getBuffer(at, buffer.length());
    }
  }

  /** Takes a frame from the budget; false when the connection is over its frames a second. */
  boolean takeFrame() {
    return budget.take();
  }

  void send(JsonObject frame) {
    if (closing) {
      return;
    }
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json));
  }

  /** An {@code err} frame, as Vert.x's bridge sends them ({@code access_denied}, ...). */
  void error(String message) {
    send(new JsonObject().put("type", "err").put("message", message));
  }

  /** A {@code message} frame: a call (with the address to answer) or a heartbeat request. */
  void message(String address, Object body, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "message").put("address", address).put("headers", new JsonObject())
        .put("body", body);
    send(replyAddress == null ? frame : frame.put("replyAddress", replyAddress));
  }

  /** Tells the plugin why, then closes the connection; no frame of it is read after this. */
  void close(String why) {
    error(why);
    closing = true;
    buffer = Buffer.buffer();
    socket.end().onComplete(v -> socket.close());
  }
}
