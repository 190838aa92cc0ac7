package dev.nexus.load;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end-to-end load harness: N realtime sessions stream a real recording in real time (20 ms
 * frames), interrupt their own answers with the next utterance, L realtime sessions only listen (faint noise, so
 * the server's VAD runs on every frame), and M live podcast sessions are interrupted by typed questions, all against
 * a server on loopback. Reports percentiles of what clients see (speech_stopped → first audio, barge-in, interrupt →
 * answer audio, how late each speech start is seen) and of what the server measured (frame forwarding and shed
 * audio, from /metrics), with CPU and heap. Given several counts ({@code --sessions 1,2,3} or
 * {@code --listening 50,100}), it ramps: each step adds sessions and is measured on its own, and the run stops at the
 * first step that did not keep up ({@link LoadSummary#shortfall}), naming the largest count that did.
 */
public final class LoadTest {
  /**
   * The harness's settings.
   *
   * @param sessions speaking realtime sessions, one count per step (growing)
   * @param listening listening realtime sessions, one count per step (growing); only one of the two has several
   * @param seconds how long each step is measured
   * @param audio the recording the speaking sessions say; null when there are none
   * @param spread speaking sessions start spread over the recording's loop, not 37 ms apart
   * @param warmup seconds the first step's sessions run before anything is measured (the server's code warms up)
   */
  public record Options(URI server, List<Integer> sessions, int podcasts, List<Integer> listening, int seconds,
      Path audio, Path csv, boolean spread, int warmup) {
    public Options {
      sessions = List.copyOf(sessions);
      listening = List.copyOf(listening);
      if (sessions.isEmpty() || listening.isEmpty() || sessions.size() > 1 && listening.size() > 1) {
        throw new IllegalArgumentException("one count of sessions and of listening sessions, or steps of one of them");
      }
    }

    /** The same run against {@code server}. */
    public Options at(URI server) {
      return new Options(server, sessions, podcasts, listening, seconds, audio, csv, spread, warmup);
    }

    int steps() {
      return Math.max(sessions.size(), listening.size());
    }

    int sessionsAt(int step) {
      return sessions.get(Math.min(step, sessions.size() - 1));
    }

    int listeningAt(int step) {
      return listening.get(Math.min(step, listening.size() - 1));
    }
  }

  /** Golden-ratio phases spread any number of sessions evenly over the loop. */
  private static final double GOLDEN = 0.6180339887498949;

  private final Options options;
  private final PrintStream out;
  private final Vertx vertx = Vertx.vertx();
  private volatile Measurements measured = new Measurements();
  private long startedNanos;
  private volatile boolean running = true;

  public LoadTest(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    String host = options.server().getHost();
    if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
      throw new IllegalArgumentException("the load harness targets loopback only (got " + host + ")");
    }
  }

  /** Runs the load, step by step; returns the last step's summary (with {@code capacity} when it ramped). */
  public Map<String, Object> run() throws Exception {
    float[] samples = options.audio() == null ? new float[0]
        : AudioDecoder.decode(Files.readAllBytes(options.audio()), 16000, 16000);
    byte[] speech = Pcm.toBytes(samples, 0, samples.length);
    List<String> noise = Noise.frames();
    WebClient http = WebClient.create(vertx);
    out.println("speech stage: " + speechStage(http));
    String episode = options.podcasts() > 0 ? episode(http) : null;
    // every session its own connection: the client's default of 50 would hold the 51st back, and the run would
    // measure the client's queue, not the server
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Integer.MAX_VALUE)
        .setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 24).setSsl(options.server().getScheme().equals("wss")).setTrustAll(true)
        .setVerifyHost(false));
    LoadSessions clients = new LoadSessions(vertx, () -> measured, () -> running);
    long sampler = vertx.setPeriodic(1000, t -> measured.sampleProcess());
    List<Future<?>> sessions = new ArrayList<>();
    int speaking = 0;
    int listening = 0;
    Map<String, Object> last = Map.of();
    Integer kept = null;
    for (int step = 0; step < options.steps(); step++) {
      measured = step == 0 ? measured : measured.next();
      List<Future<?>> connects = new ArrayList<>();
      for (; speaking < options.sessionsAt(step); speaking++) {
        int index = speaking;
        double phase = options.spread() ? index * GOLDEN % 1 : 0;
        Future<WebSocket> socket = ws.connect(connect("/v1/realtime?model=loadtest"));
        connects.add(socket);
        sessions.add(socket.compose(s -> clients.realtime(s, speech, index, phase)));
      }
      for (; listening < options.listeningAt(step); listening++) {
        int index = listening;
        Future<WebSocket> socket = ws.connect(connect("/v1/realtime?model=loadtest"));
        connects.add(socket);
        sessions.add(socket.compose(s -> clients.listening(s, noise, index)));
      }
      for (int i = 0; step == 0 && i < options.podcasts(); i++) {
        int index = i;
        sessions.add(ws.connect(connect("/v1/podcasts/" + episode + "/live")).compose(s -> clients.podcast(s, index)));
      }
      try {
        Future.join(connects).await(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (options.steps() == 1) {
          throw e;
        }
        out.println("step " + (step + 1) + " did not keep up: its new sessions did not all connect within 60 s");
        break;
      }
      if (step == 0) {
        Thread.sleep(options.warmup() * 1000L);
      }
      if (options.steps() > 1) {
        Thread.sleep(1000); // the new sessions' streams open before the step is measured
      }
      String before = scrape(http);
      startedNanos = System.nanoTime();
      soak(options.steps() == 1);
      LoadSummary summary = summary(before, scrape(http), speaking, listening);
      if (options.steps() == 1) {
        summary.print(out, options.server());
      } else {
        summary.printStep(out, step + 1);
      }
      if (options.csv() != null) {
        summary.appendCsv(options.csv());
      }
      last = summary.figures();
      String shortfall = summary.shortfall();
      if (options.steps() > 1 && shortfall != null) {
        out.println("step " + (step + 1) + " did not keep up: " + shortfall);
        break;
      }
      kept = ramped(step);
    }
    running = false;
    Future.join(sessions).await(30, TimeUnit.SECONDS);
    settle(http);
    vertx.cancelTimer(sampler);
    vertx.close().await(10, TimeUnit.SECONDS);
    if (options.steps() == 1) {
      return last;
    }
    String kind = options.sessions().size() > 1 ? "speaking" : "listening";
    out.println("capacity: " + kind + " " + (kept == null ? "0 (the first step, " + ramped(0) + ", did not keep up)"
        : kept + (kept == ramped(options.steps() - 1) ? " (every step kept up: the ceiling is higher)" : "")));
    Map<String, Object> result = new LinkedHashMap<>(last);
    result.put("capacity", kept == null ? 0 : kept);
    return result;
  }

  /** The ramped count (speaking or listening sessions) at a step. */
  private int ramped(int step) {
    return options.sessions().size() > 1 ? options.sessionsAt(step) : options.listeningAt(step);
  }

  private LoadSummary summary(String before, String after, int speaking, int listening) {
    Measurements m = measured;
    LoadSummary summary = new LoadSummary();
    summary.put("sessions", speaking);
    summary.put("podcasts", options.podcasts());
    summary.put("listening", listening);
    summary.put("seconds", options.seconds());
    summary.put("connected", m.connected.get());
    summary.put("errors", m.errors.get());
    summary.put("stale_audio_deltas", m.staleDeltas.get());
    summary.put("shed_audio", (long) Prometheus.increase(before, after, "nexus_speech_backlog_dropped_total"));
    summary.put("false_starts", m.falseStarts.get());
    summary.row("frame_forward_ms", Prometheus.percentiles(before, after, "nexus_speech_frame_forward_seconds"));
    summary.row("turn_first_audio_ms", m.turn.percentiles());
    summary.row("barge_in_ms", m.bargeIn.percentiles());
    summary.row("barge_in_server_ms", Prometheus.percentiles(before, after, "nexus_bargein_reaction_seconds"));
    summary.row("podcast_answer_audio_ms", m.podcastAnswer.percentiles());
    summary.row("recognition_lag_ms", m.recognitionLag.percentiles());
    summary.put("recognition_lag_ms_max", m.recognitionLag.percentile(100));
    summary.put("speech_starts", m.recognitionLag.count());
    summary.put("cpu_percent_mean", m.cpu.mean());
    summary.put("cpu_percent_max", m.cpu.percentile(100));
    summary.put("heap_mb_max", m.heap.percentile(100));
    double[] live = m.liveHeapTrend();
    summary.put("live_heap_mb_first", live[0]);
    summary.put("live_heap_mb_last", live[1]);
    summary.put("live_heap_mb_per_hour", live[2]);
    summary.put("turns", m.turn.count());
    summary.put("barge_ins", m.bargeIn.count());
    summary.put("podcast_interrupts", m.podcastAnswer.count());
    return summary;
  }

  private WebSocketConnectOptions connect(String path) {
    URI s = options.server();
    return new WebSocketConnectOptions().setHost(s.getHost()).setPort(s.getPort()).setURI(path)
        .setSsl(s.getScheme().equals("wss"));
  }

  /**
   * Waits (up to a minute) until the speech stage has no stream in flight: a closed session's recognition that is
   * still running (a Whisper final takes seconds) ends before the run does, and so before its server stops.
   */
  private void settle(WebClient http) throws Exception {
    long until = System.nanoTime() + 60_000_000_000L;
    int open = speechStage(http).getInteger("in_flight", 0);
    while (open > 0 && System.nanoTime() < until) {
      Thread.sleep(200);
      open = speechStage(http).getInteger("in_flight", 0);
    }
    if (open > 0) {
      out.println("warning: the speech stage still has " + open + " streams in flight");
    }
  }

  /** The speech stage as the server's /health reports it: its engine, devices, any fallback. */
  private JsonObject speechStage(WebClient http) throws Exception {
    URI s = options.server();
    JsonObject health = http.get(s.getPort(), s.getHost(), "/health").ssl(s.getScheme().equals("wss")).send()
        .await(30, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject verticles = health.getJsonObject("verticles", new JsonObject());
    return verticles.getJsonObject("speech", new JsonObject());
  }

  private String scrape(WebClient http) throws Exception {
    URI s = options.server();
    var response = http.get(s.getPort(), s.getHost(), "/metrics").ssl(s.getScheme().equals("wss")).send()
        .await(30, TimeUnit.SECONDS);
    return response.bodyAsString();
  }

  /** Makes the episode the podcast sessions play. */
  private String episode(WebClient http) throws Exception {
    URI s = options.server();
    JsonObject created = http.post(s.getPort(), s.getHost(), "/v1/podcasts").ssl(s.getScheme().equals("wss"))
        .sendJsonObject(new JsonObject().put("text", LoadSessions.SOURCE).put("minutes", 1))
        .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
    String id = created.getString("id");
    for (int i = 0; i < 600; i++) {
      JsonObject status = http.get(s.getPort(), s.getHost(), "/v1/podcasts/" + id).ssl(s.getScheme().equals("wss"))
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        return id;
      }
      if ("failed".equals(status.getString("status"))) {
        throw new IllegalStateException("the test episode failed: " + status.getString("error"));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the test episode was not ready in a minute");
  }

  /**
   * Waits out the step, measuring the live heap (used heap right after a full collection) once a minute and at
   * both ends, so that a long run shows whether memory grows with time. The first sample is taken once the
   * sessions have run for a few seconds. With the server in this process (no --url) that is the server's heap.
   * A step of a ramp takes none: a full collection's pause would count in its latencies.
   */
  private void soak(boolean liveHeap) throws InterruptedException {
    if (!liveHeap) {
      Thread.sleep(options.seconds() * 1000L);
      return;
    }
    long end = startedNanos + options.seconds() * 1_000_000_000L;
    long warm = Math.min(5, Math.max(1, options.seconds() / 4)) * 1000L;
    Thread.sleep(warm);
    liveHeapSample();
    long next = startedNanos + 60_000_000_000L;
    while (System.nanoTime() < end) {
      long until = Math.min(end, next);
      long wait = (until - System.nanoTime()) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      if (System.nanoTime() >= next && System.nanoTime() < end) {
        liveHeapSample();
        next += 60_000_000_000L;
      }
    }
    liveHeapSample();
  }

  private void liveHeapSample() {
    double at = (System.nanoTime() - startedNanos) / 1e9;
    double mb = measured.sampleLiveHeap(at);
    out.printf(Locale.ROOT, "%6.0f s  live heap %7.1f MB  turns %d  connected %d  errors %d%n", at, mb,
        measured.turn.count(), measured.connected.get(), measured.errors.get());
  }
}
