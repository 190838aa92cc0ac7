package dev.nexus.client;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A realtime WebSocket client for tests, on Vert.x's own WebSocket client: sends events and keeps
 * every event the server sent, in order, with the time it arrived.
 */
public final class RealtimeClient implements AutoCloseable {
  /** A server event and when it arrived (System.nanoTime). */
  public record Received(JsonObject event, long at) {
  }

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<Received> events = new ArrayList<>();
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong binaryBytes = new java.util.concurrent.atomic.AtomicLong();

  private RealtimeClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> {
      synchronized (events) {
        events.add(new Received(new JsonObject(text), System.nanoTime()));
        events.notifyAll();
      }
    });
    ws.binaryMessageHandler(buffer -> binaryBytes.addAndGet(buffer.length()));
    ws.closeHandler(v -> {
      closed = true;
      synchronized (events) {
        events.notifyAll();
      }
    });
  }

  /** Connects to {@code /v1/realtime} on localhost; headers may be null. */
  public static RealtimeClient connect(Vertx vertx, int port, String query, MultiMap headers) throws Exception {
    return connect(vertx, port, "/v1/realtime", query, headers);
  }

  /** Connects to a WebSocket path on localhost; query and headers may be null. */
  public static RealtimeClient connect(Vertx vertx, int port, String path, String query, MultiMap headers)
      throws Exception {
    return connect(vertx, port, path, query, headers, new WebSocketClientOptions()
        .setMaxFrameSize(1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
  }

  /** Connects with the client's own options (frame sizes, receive buffer). */
  public static RealtimeClient connect(Vertx vertx, int port, String path, String query, MultiMap headers,
      WebSocketClientOptions clientOptions) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI(path + (query == null ? "" : "?" + query))
        // like a non-browser client, no Origin of its own; a test sets one when it needs one
        .setAllowOriginHeader(headers != null && headers.contains("origin"));
    if (headers != null) {
      options.setHeaders(headers);
    }
    // Handlers go on in the completion itself, so no early frame (session.created) is missed. The connect starts on an
    // event-loop context: called from the test's thread, a connect that completed before `map` was attached would run
    // the mapping on this thread, while the socket's first frames reached no handler on the event loop (seen under load).
    Promise<RealtimeClient> connected = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v ->
        client.connect(options).map(ws -> new RealtimeClient(client, ws)).onComplete(connected));
    return connected.future().await(10, TimeUnit.SECONDS);
  }

  public void send(JsonObject event) throws Exception {
    ws.writeTextMessage(event.encode()).await(5, TimeUnit.SECONDS);
  }

  /** Sends one text message as frames of at most {@code frameBytes} (a first text frame, then continuations). */
  public void sendFragmented(JsonObject event, int frameBytes) throws Exception {
    byte[] bytes = event.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += frameBytes) {
      io.vertx.core.buffer.Buffer part = io.vertx.core.buffer.Buffer.buffer(
          java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + frameBytes)));
      boolean last = at + frameBytes >= bytes.length;
      ws.writeFrame(at == 0 ? io.vertx.core.http.WebSocketFrame.textFrame(part.toString(), last)
          : io.vertx.core.http.WebSocketFrame.continuationFrame(part, last)).await(5, TimeUnit.SECONDS);
    }
  }

  public void sendBinary(byte[] bytes) throws Exception {
    ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes)).await(5, TimeUnit.SECONDS);
  }

  public void sendRaw(String text) throws Exception {
    ws.writeTextMessage(text).await(5, TimeUnit.SECONDS);
  }

  /** Appends PCM16 audio in pieces of {@code chunkBytes}. */
  public void appendAudio(byte[] pcm, int chunkBytes) throws Exception {
    for (int i = 0; i < pcm.length; i += chunkBytes) {
      byte[] piece = java.util.Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + chunkBytes));
      send(new JsonObject().put("type", "input_audio_buffer.append")
          .put("audio", Base64.getEncoder().encodeToString(piece)));
    }
  }

  /** Waits for the first event (from index {@code from}) matching the predicate; returns its index. */
  public int awaitIndex(int from, Predicate<JsonObject> match, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (events) {
      int i = from;
      while (true) {
        for (; i < events.size(); i++) {
          if (match.test(events.get(i).event())) {
            return i;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || closed) {
          throw new AssertionError("no " + what + " within " + timeoutMs + " ms; events: " + types() + "; errors: "
              + all("error").stream().map(e -> e.getJsonObject("error")).toList());
        }
        events.wait(left);
      }
    }
  }

  /** The first event of {@code type} from index {@code from}. */
  public JsonObject await(int from, String type, long timeoutMs) throws InterruptedException {
    return get(awaitIndex(from, e -> type.equals(e.getString("type")), timeoutMs, type));
  }

  public JsonObject await(String type, long timeoutMs) throws InterruptedException {
    return await(0, type, timeoutMs);
  }

  public JsonObject get(int index) {
    synchronized (events) {
      return events.get(index).event();
    }
  }

  public List<Received> received() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public int size() {
    synchronized (events) {
      return events.size();
    }
  }

  /** Every event of a type, in order. */
  public List<JsonObject> all(String type) {
    return received().stream().map(Received::event).filter(e -> type.equals(e.getString("type"))).toList();
  }

  public List<String> types() {
    return received().stream().map(r -> r.event().getString("type")).toList();
  }

  /** Bytes received in binary frames. */
  public long binaryBytes() {
    return binaryBytes.get();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Waits until the socket is closed; false if it is still open after {@code timeoutMs}. */
  public boolean awaitClosed(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (events) {
      while (!closed) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        events.wait(left);
      }
    }
    return true;
  }

  /** The close code the server sent (null while open or when it sent none). */
  public Short closeStatus() {
    return ws.closeStatusCode();
  }

  public String closeReason() {
    return ws.closeReason();
  }

  /** Stops reading from the socket (a client that does not take what it is sent); {@link #resume()} reads on. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  @Override
  public void close() throws Exception {
    if (!closed) {
      ws.close().await(5, TimeUnit.SECONDS);
    }
    client.close().await(5, TimeUnit.SECONDS);
  }
}
