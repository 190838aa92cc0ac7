package dev.nexus.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The load harness's clients: realtime sessions that speak and barge in, realtime sessions that only listen (they
 * stream faint noise, so the server's VAD runs on every frame and no utterance starts), and podcast sessions that
 * interrupt.
 *
 * @param measured where the current step's figures go
 * @param running whether the run goes on; once false, every session closes its socket
 */
record LoadSessions(Vertx vertx, Supplier<Measurements> measured, BooleanSupplier running) {
  /** The source of the podcast episode, and the realtime sessions' instructions. */
  static final String SOURCE = "John F. Kennedy gave his inaugural address in January 1961. "
      + "He asked his fellow Americans to ask not what their country could do for them, but what they could do for "
      + "their country. The speech called for service, for freedom and for a new generation to carry the torch. "
      + "It is remembered as one of the great speeches of the twentieth century.";


  /** The server VAD's prefix padding the sessions ask for: a speech start is placed this far before its detection. */
  static final int PREFIX_PADDING_MS = 300;
  /** The pause after each utterance of the recording. */
  static final int PAUSE_MS = 4000;
  private static final int FRAME_BYTES = 640; // 20 ms at 16 kHz

  /**
   * Streams the recording in real time, again and again, and measures each answer, each barge-in and how far behind
   * the audio each speech start is detected (the recognition lag).
   *
   * @param phase where in the loop (recording, then a pause) the session starts, from 0 to 1
   */
  Future<Void> realtime(WebSocket socket, byte[] speech, int index, double phase) {
    connected();
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime() + (phase > 0 ? 0 : index * 37_000_000L);
    long[] stoppedAt = {0};
    long[] bargeAt = {0};
    String[] responding = {null};
    boolean[] first = {false};
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      long now = System.nanoTime();
      switch (e.getString("type")) {
        case "input_audio_buffer.speech_started" -> {
          bargeAt[0] = responding[0] != null ? now : 0;
          // the audio from the start was sent in real time: this is how late the server saw the speech begin
          measured.get().recognitionLag.add((now - start) / 1e6 - e.getLong("audio_start_ms") - PREFIX_PADDING_MS);
        }
        case "input_audio_buffer.speech_stopped" -> stoppedAt[0] = now;
        case "response.created" -> {
          responding[0] = e.getJsonObject("response").getString("id");
          first[0] = false;
        }
        case "response.output_audio.delta" -> {
          if (!first[0] && stoppedAt[0] > 0) {
            measured.get().turn.add((now - stoppedAt[0]) / 1e6);
            first[0] = true;
          }
          if (bargeAt[0] > 0 && e.getString("response_id").equals(responding[0])) {
            measured.get().staleDeltas.incrementAndGet(); // audio of an interrupted answer after speech_started
          }
        }
        case "response.done" -> {
          if (bargeAt[0] > 0 && "cancelled".equals(e.getJsonObject("response").getString("status"))) {
            measured.get().bargeIn.add((now - bargeAt[0]) / 1e6); // speech_started → the answer's end reaches the client
          }
          bargeAt[0] = 0;
          responding[0] = null;
        }
        case "error" -> measured.get().errors.incrementAndGet();
        default -> { }
      }
    });
    socket.writeTextMessage(sessionUpdate(SOURCE));
    // 20 ms frames at 16 kHz, in real time; after each utterance a 4 s pause, so the answer starts, and the
    // next utterance barges in on it. Sessions start staggered (37 ms apart), or at their phase of the loop.
    byte[] loop = new byte[speech.length + PAUSE_MS * 32];
    System.arraycopy(speech, 0, loop, 0, speech.length);
    int from = (int) (phase * loop.length / FRAME_BYTES) * FRAME_BYTES;
    int[] frames = {0};
    stream(socket, finished, start, frames, () -> {
      int offset = (from + frames[0] * FRAME_BYTES) % loop.length;
      byte[] piece = Arrays.copyOfRange(loop, offset, Math.min(loop.length, offset + FRAME_BYTES));
      return append(piece);
    });
    return finished.future();
  }

  /**
   * Streams {@code noise} (ready-made append events, one 20 ms frame each, in a loop) in real time, and counts any
   * speech start: faint noise keeps the server's VAD busy on every frame without starting an utterance.
   */
  Future<Void> listening(WebSocket socket, List<String> noise, int index) {
    connected();
    Promise<Void> finished = Promise.promise();
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      switch (e.getString("type")) {
        case "input_audio_buffer.speech_started" -> measured.get().falseStarts.incrementAndGet();
        case "error" -> measured.get().errors.incrementAndGet();
        default -> { }
      }
    });
    socket.writeTextMessage(sessionUpdate(SOURCE));
    int[] frames = {0};
    stream(socket, finished, System.nanoTime(), frames, () -> noise.get((index + frames[0]) % noise.size()));
    return finished.future();
  }

  /** The {@code input_audio_buffer.append} event of one frame of PCM. */
  static String append(byte[] pcm) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
  }

  private void connected() {
    measured.get().connected.incrementAndGet();
  }

  private static String sessionUpdate(String instructions) {
    return new JsonObject().put("type", "session.update").put("session", new JsonObject()
        .put("instructions", instructions).put("audio", new JsonObject().put("input", new JsonObject()
            .put("format", new JsonObject().put("type", "audio/pcm").put("rate", 16000))
            .put("turn_detection", new JsonObject().put("type", "server_vad").put("silence_duration_ms", 1200)
                .put("prefix_padding_ms", PREFIX_PADDING_MS))))).encode();
  }

  /**
   * Sends {@code next} frame after frame, each due 20 ms after the last from {@code start}, catching up at most 10
   * frames a tick; {@code frames} counts those sent. Once the run ends the socket is closed.
   */
  private void stream(WebSocket socket, Promise<Void> finished, long start, int[] frames, Supplier<String> next) {
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
      for (int sent = 0; frames[0] < due && sent < 10; sent++) {
        socket.writeTextMessage(next.get());
        frames[0]++;
      }
    });
    socket.closeHandler(v -> finished.tryComplete());
  }

  /** Plays the episode and interrupts it every few seconds, measuring interrupt → first answer audio. */
  Future<Void> podcast(WebSocket socket, int index) {
    connected();
    Promise<Void> finished = Promise.promise();
    long[] asked = {0};
    socket.binaryMessageHandler(b -> { });
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      switch (e.getString("type")) {
        case "podcast.ready" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "podcast.answer.audio" -> {
          if (asked[0] > 0) {
            measured.get().podcastAnswer.add((System.nanoTime() - asked[0]) / 1e6);
            asked[0] = 0;
          }
        }
        case "podcast.done" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "error" -> measured.get().errors.incrementAndGet();
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
