package dev.nexus.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * The load harness's clients: realtime sessions that speak and barge in, and podcast sessions that interrupt.
 *
 * @param running whether the run goes on; once false, every session closes its socket
 */
record LoadSessions(Vertx vertx, Measurements measured, BooleanSupplier running) {
  /** The source of the podcast episode, and the realtime sessions' instructions. */
  static final String SOURCE = "John F. Kennedy gave his inaugural address in January 1961. "
      + "He asked his fellow Americans to ask not what their country could do for them, but what they could do for "
      + "their country. The speech called for service, for freedom and for a new generation to carry the torch. "
      + "It is remembered as one of the great speeches of the twentieth century.";


  /** Streams the recording in real time, again and again, and measures each answer and each barge-in. */
  Future<Void> realtime(WebSocket socket, byte[] speech, int index) {
    measured.connected.incrementAndGet();
    Promise<Void> finished = Promise.promise();
    long[] stoppedAt = {0};
    long[] bargeAt = {0};
    String[] responding = {null};
    boolean[] first = {false};
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      long now = System.nanoTime();
      switch (e.getString("type")) {
        case "input_audio_buffer.speech_started" -> bargeAt[0] = responding[0] != null ? now : 0;
        case "input_audio_buffer.speech_stopped" -> stoppedAt[0] = now;
        case "response.created" -> {
          responding[0] = e.getJsonObject("response").getString("id");
          first[0] = false;
        }
        case "response.output_audio.delta" -> {
          if (!first[0] && stoppedAt[0] > 0) {
            measured.turn.add((now - stoppedAt[0]) / 1e6);
            first[0] = true;
          }
          if (bargeAt[0] > 0 && e.getString("response_id").equals(responding[0])) {
            measured.staleDeltas.incrementAndGet(); // audio of an interrupted answer after speech_started
          }
        }
        case "response.done" -> {
          if (bargeAt[0] > 0 && "cancelled".equals(e.getJsonObject("response").getString("status"))) {
            measured.bargeIn.add((now - bargeAt[0]) / 1e6); // speech_started → the answer's end reaches the client
          }
          bargeAt[0] = 0;
          responding[0] = null;
        }
        case "error" -> measured.errors.incrementAndGet();
        default -> { }
      }
    });
    socket.writeTextMessage(new JsonObject().put("type", "session.update").put("session", new JsonObject()
        .put("instructions", SOURCE).put("audio", new JsonObject().put("input", new JsonObject()
            .put("format", new JsonObject().put("type", "audio/pcm").put("rate", 16000))
            .put("turn_detection", new JsonObject().put("type", "server_vad").put("silence_duration_ms", 1200))))).encode());
    // 20 ms frames at 16 kHz, in real time; after each utterance a 4 s pause, so the answer starts, and the
    // next utterance barges in on it. Sessions start staggered.
    byte[] pause = new byte[16000 * 2 * 4];
    byte[] loop = new byte[speech.length + pause.length];
    System.arraycopy(speech, 0, loop, 0, speech.length);
    int frame = 640;
    int[] at = {0};
    long start = System.nanoTime() + index * 37_000_000L;
    long[] timer = {0};
    timer[0] = vertx.setPeriodic(20, t -> {
      if (!running.getAsBoolean()) {
        vertx.cancelTimer(timer[0]);
        socket.close().onComplete(v -> finished.tryComplete());
        return;
      }
      if (socket.isClosed()) {
        vertx.cancelTimer(timer[0]);
        finished.tryComplete();
        return;
      }
      long due = (System.nanoTime() - start) / 20_000_000L; // frames that should have been sent by now
      for (int sent = 0; at[0] / frame < due && sent < 10; sent++) {
        int offset = at[0] % loop.length;
        byte[] piece = Arrays.copyOfRange(loop, offset, Math.min(loop.length, offset + frame));
        at[0] += frame;
        socket.writeTextMessage("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
            + Base64.getEncoder().encodeToString(piece) + "\"}");
      }
    });
    socket.closeHandler(v -> finished.tryComplete());
    return finished.future();
  }

  /** Plays the episode and interrupts it every few seconds, measuring interrupt → first answer audio. */
  Future<Void> podcast(WebSocket socket, int index) {
    measured.connected.incrementAndGet();
    Promise<Void> finished = Promise.promise();
    long[] asked = {0};
    socket.binaryMessageHandler(b -> { });
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      switch (e.getString("type")) {
        case "podcast.ready" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "podcast.answer.audio" -> {
          if (asked[0] > 0) {
            measured.podcastAnswer.add((System.nanoTime() - asked[0]) / 1e6);
            asked[0] = 0;
          }
        }
        case "podcast.done" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "error" -> measured.errors.incrementAndGet();
        default -> { }
      }
    });
    long[] timer = {0};
    timer[0] = vertx.setPeriodic(6000 + index * 97L, t -> {
      if (!running.getAsBoolean()) {
        vertx.cancelTimer(timer[0]);
        socket.close().onComplete(v -> finished.tryComplete());
        return;
      }
      if (asked[0] == 0 && !socket.isClosed()) {
        asked[0] = System.nanoTime();
        socket.writeTextMessage(new JsonObject().put("type", "podcast.interrupt")
            .put("text", "What did Kennedy ask his fellow Americans?").encode());
      }
    });
    socket.closeHandler(v -> finished.tryComplete());
    return finished.future();
  }
}
