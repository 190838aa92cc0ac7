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
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end-to-end load harness: N realtime sessions stream a real recording in real time (20 ms
 * frames), interrupt their own answers with the next utterance, and M live podcast sessions are
 * interrupted by typed questions, all against a server on loopback. Reports percentiles of what
 * clients see (speech_stopped → first audio, barge-in, interrupt → answer audio) and of what the
 * server measured (frame forwarding, from /metrics), with CPU and heap.
 */
public final class LoadTest {
  /** The harness's settings. */
  public record Options(URI server, int sessions, int podcasts, int seconds, Path audio, Path csv) {
  }

  /** One figure's samples in milliseconds. */
  static final class Samples {
    final List<Double> values = Collections.synchronizedList(new ArrayList<>());

    void add(double ms) {
      values.add(ms);
    }

    double percentile(double p) {
      List<Double> sorted;
      synchronized (values) {
        sorted = new ArrayList<>(values);
      }
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      Collections.sort(sorted);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
  }

  private static final String SOURCE = "John F. Kennedy gave his inaugural address in January 1961. "
      + "He asked his fellow Americans to ask not what their country could do for them, but what they could do for "
      + "their country. The speech called for service, for freedom and for a new generation to carry the torch. "
      + "It is remembered as one of the great speeches of the twentieth century.";

  private final Options options;
  private final PrintStream out;
  private final Vertx vertx = Vertx.vertx();
  private final Samples turn = new Samples();
  private final Samples bargeIn = new Samples();
  private final Samples podcastAnswer = new Samples();
  private final Samples cpu = new Samples();
  private final Samples heap = new Samples();
  /** The live heap (after a full collection), one sample a minute: [seconds since start, MB]. */
  private final List<double[]> liveHeap = Collections.synchronizedList(new ArrayList<>());
  private long startedNanos;
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger staleDeltas = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private volatile boolean running = true;

  public LoadTest(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    String host = options.server().getHost();
    if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
      throw new IllegalArgumentException("the load harness targets loopback only (got " + host + ")");
    }
  }

  /** Runs the load for the configured time; returns the summary. */
  public Map<String, Object> run() throws Exception {
    float[] samples = AudioDecoder.decode(Files.readAllBytes(options.audio()), 16000, 16000);
    byte[] speech = Pcm.toBytes(samples, 0, samples.length);
    WebClient http = WebClient.create(vertx);
    String before = scrape(http);
    String episode = options.podcasts() > 0 ? episode(http) : null;
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 24).setSsl(options.server().getScheme().equals("wss")).setTrustAll(true)
        .setVerifyHost(false));
    long sampler = vertx.setPeriodic(1000, t -> sample());
    startedNanos = System.nanoTime();
    List<Future<?>> sessions = new ArrayList<>();
    for (int i = 0; i < options.sessions(); i++) {
      int index = i;
      sessions.add(ws.connect(connect("/v1/realtime?model=loadtest")).compose(socket -> realtime(socket, speech, index)));
    }
    for (int i = 0; i < options.podcasts(); i++) {
      int index = i;
      sessions.add(ws.connect(connect("/v1/podcasts/" + episode + "/live")).compose(socket -> podcast(socket, index)));
    }
    soak();
    running = false;
    Future.join(sessions).await(30, TimeUnit.SECONDS);
    vertx.cancelTimer(sampler);
    String after = scrape(http);
    Map<String, Object> summary = new java.util.LinkedHashMap<>();
    summary.put("sessions", options.sessions());
    summary.put("podcasts", options.podcasts());
    summary.put("seconds", options.seconds());
    summary.put("connected", connected.get());
    summary.put("errors", errors.get());
    summary.put("stale_audio_deltas", staleDeltas.get());
    row(summary, "frame_forward_ms", Prometheus.percentiles(before, after, "nexus_speech_frame_forward_seconds"));
    row(summary, "turn_first_audio_ms", new double[] {turn.percentile(50), turn.percentile(95), turn.percentile(99)});
    row(summary, "barge_in_ms", new double[] {bargeIn.percentile(50), bargeIn.percentile(95), bargeIn.percentile(99)});
    row(summary, "barge_in_server_ms", Prometheus.percentiles(before, after, "nexus_bargein_reaction_seconds"));
    row(summary, "podcast_answer_audio_ms", new double[] {podcastAnswer.percentile(50), podcastAnswer.percentile(95),
        podcastAnswer.percentile(99)});
    summary.put("cpu_percent_mean", mean(cpu));
    summary.put("cpu_percent_max", cpu.percentile(100));
    summary.put("heap_mb_max", heap.percentile(100));
    double[] live = liveHeapTrend();
    summary.put("live_heap_mb_first", live[0]);
    summary.put("live_heap_mb_last", live[1]);
    summary.put("live_heap_mb_per_hour", live[2]);
    summary.put("turns", turn.values.size());
    summary.put("barge_ins", bargeIn.values.size());
    summary.put("podcast_interrupts", podcastAnswer.values.size());
    print(summary);
    if (options.csv() != null) {
      writeCsv(summary);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    return summary;
  }

  private WebSocketConnectOptions connect(String path) {
    URI s = options.server();
    return new WebSocketConnectOptions().setHost(s.getHost()).setPort(s.getPort()).setURI(path)
        .setSsl(s.getScheme().equals("wss"));
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
        .sendJsonObject(new JsonObject().put("text", SOURCE).put("minutes", 1)).await(60, TimeUnit.SECONDS)
        .bodyAsJsonObject();
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

  // ---------------------------------------------------------------- a realtime session

  /** Streams the recording in real time, again and again, and measures each answer and each barge-in. */
  private Future<Void> realtime(WebSocket socket, byte[] speech, int index) {
    connected.incrementAndGet();
    io.vertx.core.Promise<Void> finished = io.vertx.core.Promise.promise();
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
            turn.add((now - stoppedAt[0]) / 1e6);
            first[0] = true;
          }
          if (bargeAt[0] > 0 && e.getString("response_id").equals(responding[0])) {
            staleDeltas.incrementAndGet(); // audio of an interrupted answer after speech_started
          }
        }
        case "response.done" -> {
          if (bargeAt[0] > 0 && "cancelled".equals(e.getJsonObject("response").getString("status"))) {
            bargeIn.add((now - bargeAt[0]) / 1e6); // speech_started → the answer's end reaches the client
          }
          bargeAt[0] = 0;
          responding[0] = null;
        }
        case "error" -> errors.incrementAndGet();
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
      if (!running) {
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
        byte[] piece = java.util.Arrays.copyOfRange(loop, offset, Math.min(loop.length, offset + frame));
        at[0] += frame;
        socket.writeTextMessage("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
            + Base64.getEncoder().encodeToString(piece) + "\"}");
      }
    });
    socket.closeHandler(v -> finished.tryComplete());
    return finished.future();
  }

  // ---------------------------------------------------------------- a podcast session

  /** Plays the episode and interrupts it every few seconds, measuring interrupt → first answer audio. */
  private Future<Void> podcast(WebSocket socket, int index) {
    connected.incrementAndGet();
    io.vertx.core.Promise<Void> finished = io.vertx.core.Promise.promise();
    long[] asked = {0};
    socket.binaryMessageHandler(b -> { });
    socket.textMessageHandler(text -> {
      JsonObject e = new JsonObject(text);
      switch (e.getString("type")) {
        case "podcast.ready" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "podcast.answer.audio" -> {
          if (asked[0] > 0) {
            podcastAnswer.add((System.nanoTime() - asked[0]) / 1e6);
            asked[0] = 0;
          }
        }
        case "podcast.done" -> socket.writeTextMessage(new JsonObject().put("type", "podcast.start").encode());
        case "error" -> errors.incrementAndGet();
        default -> { }
      }
    });
    long[] timer = {0};
    timer[0] = vertx.setPeriodic(6000 + index * 97L, t -> {
      if (!running) {
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

  // ---------------------------------------------------------------- reporting

  private void sample() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getProcessCpuLoad();
    if (load >= 0) {
      cpu.add(load * 100 * os.getAvailableProcessors()); // percent of one core, as top shows it
    }
    heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
  }

  /**
   * Waits out the run, measuring the live heap (used heap right after a full collection) once a minute and at
   * both ends, so that a long run shows whether memory grows with time. The first sample is taken once the
   * sessions have run for a few seconds. With the server in this process (no --url) that is the server's heap.
   */
  private void soak() throws InterruptedException {
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
    System.gc();
    double mb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    double at = (System.nanoTime() - startedNanos) / 1e9;
    liveHeap.add(new double[] {at, mb});
    out.printf(Locale.ROOT, "%6.0f s  live heap %7.1f MB  turns %d  connected %d  errors %d%n", at, mb,
        turn.values.size(), connected.get(), errors.get());
  }

  /** The first and last live-heap samples and the least-squares slope between them, in MB per hour. */
  double[] liveHeapTrend() {
    List<double[]> points;
    synchronized (liveHeap) {
      points = new ArrayList<>(liveHeap);
    }
    if (points.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double denominator = n * sxx - sx * sx;
    double slope = points.size() < 2 || denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator * 3600;
    return new double[] {points.get(0)[1], points.get(points.size() - 1)[1], slope};
  }

  private static double mean(Samples s) {
    synchronized (s.values) {
      return s.values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  private static void row(Map<String, Object> summary, String name, double[] p) {
    summary.put(name + "_p50", p[0]);
    summary.put(name + "_p95", p[1]);
    summary.put(name + "_p99", p[2]);
  }

  private void print(Map<String, Object> summary) {
    out.printf(Locale.ROOT, "%d realtime + %d podcast sessions for %d s on %s (%d connected, %d errors)%n",
        options.sessions(), options.podcasts(), options.seconds(), options.server(), connected.get(), errors.get());
    out.printf(Locale.ROOT, "%-36s %10s %10s %10s%n", "ms", "p50", "p95", "p99");
    for (String name : List.of("frame_forward_ms", "turn_first_audio_ms", "barge_in_ms", "barge_in_server_ms",
        "podcast_answer_audio_ms")) {
      out.printf(Locale.ROOT, "%-36s %10.2f %10.2f %10.2f%n", name, summary.get(name + "_p50"),
          summary.get(name + "_p95"), summary.get(name + "_p99"));
    }
    out.printf(Locale.ROOT, "turns %s, barge-ins %s, podcast interrupts %s, stale audio deltas %s%n",
        summary.get("turns"), summary.get("barge_ins"), summary.get("podcast_interrupts"), summary.get("stale_audio_deltas"));
    out.printf(Locale.ROOT, "cpu mean %.0f%% max %.0f%% (of one core), heap max %.0f MB%n", summary.get("cpu_percent_mean"),
        summary.get("cpu_percent_max"), summary.get("heap_mb_max"));
    out.printf(Locale.ROOT, "live heap %.1f MB at the start, %.1f MB at the end, trend %+.1f MB per hour%n",
        summary.get("live_heap_mb_first"), summary.get("live_heap_mb_last"), summary.get("live_heap_mb_per_hour"));
  }

  private void writeCsv(Map<String, Object> summary) throws Exception {
    Path csv = options.csv();
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    boolean fresh = !Files.exists(csv);
    StringBuilder line = new StringBuilder();
    if (fresh) {
      line.append("time,").append(String.join(",", summary.keySet())).append('\n');
    }
    line.append(java.time.Instant.now());
    for (Object v : summary.values()) {
      line.append(',').append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v);
    }
    line.append('\n');
    Files.writeString(csv, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }
}
