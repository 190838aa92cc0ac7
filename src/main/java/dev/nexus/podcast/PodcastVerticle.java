package dev.nexus.podcast;

import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastQuestion;
import dev.nexus.bus.WordTiming;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.server.CapabilityVerticle;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Podcast episodes: reads the source (a topic searched in the documents and the web, a pasted text, or
 * a URL), has the reasoning stage write the script, has the synthesis stage speak each turn in its
 * host's voice, and keeps the episode under {@code NEXUS_DATA/podcasts/}. Progress is published on
 * the bus and kept in the episode's status file; episodes survive restarts.
 */
public final class PodcastVerticle extends CapabilityVerticle {
  static final List<String> STYLES = List.of("deep_dive", "brief", "debate");
  private static final SecureRandom RANDOM = new SecureRandom();

  private EpisodeStore store;
  private WebClient web;
  private int sampleRate;
  private int gapMs;
  private double maxMinutes;
  private int maxSourceChars;
  private int maxUrlBytes;
  private long stageTimeoutMs;
  private List<PodcastScript.Host> defaultHosts;
  private final Map<String, JsonObject> statuses = new ConcurrentHashMap<>();
  /** Scripts written but not yet rendered: live sessions can play them already. */
  private final Map<String, PodcastScript> written = new ConcurrentHashMap<>();
  /** Episodes found unfinished at start-up, to be resumed once the verticle listens. */
  private final List<String> resuming = new ArrayList<>();
  private volatile boolean stopping;

  @Override
  protected String capability() {
    return Addresses.PODCAST;
  }

  @Override
  protected String defaultEngine() {
    return "script";
  }

  @Override
  protected Future<?> startCapability(VerticleSettings configured) {
    Settings config = dev.nexus.models.ModelDefaults.of(config()).resolve(configured).config();
    sampleRate = config.integer("sample-rate", 24000, 8000, 48000);
    gapMs = config.integer("turn-gap-ms", 350, 0, 5000);
    maxMinutes = config.decimal("max-minutes", 60, 0.5, 600);
    maxSourceChars = config.integer("max-source-chars", 200_000, 100, 10_000_000);
    maxUrlBytes = config.integer("max-url-bytes", 5 * 1024 * 1024, 1024, 100 * 1024 * 1024);
    stageTimeoutMs = config.integer("stage-timeout-ms", 120_000, 100, 3_600_000);
    int urlTimeoutMs = config.integer("url-timeout-ms", 15_000, 100, 600_000);
    defaultHosts = List.of(new PodcastScript.Host("Alex", config.section("hosts").string("first-voice", "alloy"),
            "the curious host who asks the questions"),
        new PodcastScript.Host("Sam", config.section("hosts").string("second-voice", "nova"),
            "the expert who has read the source closely"));
    store = new EpisodeStore(Path.of(config().getString("data-dir", "."), "podcasts"));
    web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(urlTimeoutMs).setIdleTimeout(urlTimeoutMs / 1000 + 1)
        .setFollowRedirects(true).setMaxRedirects(5).setUserAgent("Nexus-podcast/1.0"));
    return infer(() -> {
      int torn = store.sweep();
      if (torn > 0) {
        log.info("removed {} half-written temporary file(s) under {}", torn, "podcasts/");
      }
      for (String id : store.ids()) { // an episode in the making when the server stopped is resumed, not lost
        JsonObject status = store.readStatus(id);
        if (status == null) {
          continue;
        }
        if (List.of("queued", "writing", "rendering").contains(status.getString("status"))) {
          if (store.readOrder(id) != null) {
            status.put("status", "queued").put("resumed", true);
            resuming.add(id);
          } else { // made by a version that kept no order: nothing to resume from
            status.put("status", "interrupted").put("error", "the server stopped while this episode was being made; "
                + "create it again");
          }
          store.writeStatus(id, status);
        }
        statuses.put(id, status);
      }
      return statuses.size();
    }).onSuccess(n -> {
      vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_CREATE, this::create);
      vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_GET, this::get);
      vertx.eventBus().<Object>consumer(Addresses.PODCAST_LIST, m -> m.reply(new JsonObject()
          .put("data", new JsonArray(statuses.values().stream().map(JsonObject::copy)
              .sorted((a, b) -> a.getString("created").compareTo(b.getString("created"))).toList()))));
      vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_AUDIO, this::audio);
      new SessionRecordings(vertx, store).register();
      QuestionAnswerer answerer = new QuestionAnswerer(vertx, this::script, this::watch, stageTimeoutMs);
      vertx.eventBus().<PodcastQuestion>consumer(Addresses.PODCAST_ANSWER, answerer::handle);
      resuming.forEach(this::resume);
    });
  }

  /** Goes on with an episode the server was making when it stopped, from the work it had kept. */
  private void resume(String id) {
    infer(() -> new PodcastScript[] {store.readOrder(id), store.readDraft(id)}).onSuccess(kept -> {
      PodcastScript order = kept[0];
      log.info("podcast {}: resuming after a restart ({})", id, kept[1] == null ? "writing again" : "the script is kept");
      make(id, new ScriptGenerator.Request(id, order.source(), order.minutes(), order.style(), order.hosts()),
          new Stages(vertx, id, stageTimeoutMs), kept[1]);
    }).onFailure(err -> {
      statuses.get(id).put("error", "the episode could not be resumed: " + err.getMessage());
      progress(id, "failed", 0, null);
    });
  }

  @Override
  protected JsonObject describe() {
    return super.describe().put("episodes", statuses.size()).put("sample_rate", sampleRate);
  }

  // ---------------------------------------------------------------- requests

  /** A create request checked and normalised, or a 400 naming the field. */
  private record Order(String kind, String value, double minutes, String style, List<PodcastScript.Host> hosts) {
  }

  private Order order(JsonObject json) {
    List<String> given = new ArrayList<>();
    for (String kind : List.of("topic", "text", "url")) {
      if (json.getValue(kind) != null) {
        if (!(json.getValue(kind) instanceof String s) || s.isBlank()) {
          throw new BadRequest("'" + kind + "' must be a non-empty string");
        }
        given.add(kind);
      }
    }
    if (given.size() != 1) {
      throw new BadRequest("give exactly one of 'topic', 'text' or 'url'");
    }
    String kind = given.get(0);
    String value = json.getString(kind).trim();
    if (value.length() > maxSourceChars) {
      throw new BadRequest("'" + kind + "' is longer than " + maxSourceChars + " characters");
    }
    if (kind.equals("url")) {
      try {
        URI uri = URI.create(value);
        if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
          throw new IllegalArgumentException("not http(s)");
        }
      } catch (IllegalArgumentException e) {
        throw new BadRequest("'url' must be an http:// or https:// URL");
      }
    }
    Object minutesRaw = json.getValue("minutes", 3);
    if (!(minutesRaw instanceof Number minutes) || minutes.doubleValue() < 0.5 || minutes.doubleValue() > maxMinutes) {
      throw new BadRequest("'minutes' must be a number from 0.5 to " + maxMinutes);
    }
    Object styleRaw = json.getValue("style", "deep_dive");
    String style = styleRaw instanceof String s ? s.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_') : "";
    if (!STYLES.contains(style)) {
      throw new BadRequest("'style' must be one of " + STYLES);
    }
    List<PodcastScript.Host> hosts = defaultHosts;
    if (json.getValue("hosts") != null) {
      if (!(json.getValue("hosts") instanceof JsonArray array) || array.size() < 2 || array.size() > 4) {
        throw new BadRequest("'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects");
      }
      hosts = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject h) || !(h.getValue("name") instanceof String name)
            || !name.matches("[\\p{L}\\p{N} .'-]{1,40}") || !(h.getValue("voice", "alloy") instanceof String voice)) {
          throw new BadRequest("hosts[" + i + "] needs a 'name' (1 to 40 letters, digits, spaces) and a 'voice'");
        }
        String persona = h.getValue("persona") instanceof String p ? p : null;
        if (hosts.stream().anyMatch(x -> x.name().equalsIgnoreCase(name.trim()))) {
          throw new BadRequest("host names must differ (" + name + " twice)");
        }
        hosts.add(new PodcastScript.Host(name.trim(), voice, persona));
      }
    }
    return new Order(kind, value, minutes.doubleValue(), style, List.copyOf(hosts));
  }

  private void create(Message<JsonObject> message) {
    Order order;
    try {
      order = order(message.body());
    } catch (BadRequest e) {
      StageFailure.INVALID_REQUEST.fail(message, e.getMessage());
      return;
    }
    String id = newId();
    Stages stages = new Stages(vertx, id, stageTimeoutMs);
    checkVoices(order.hosts())
        .compose(v -> source(order, stages))
        .onFailure(err -> (err instanceof BadRequest ? StageFailure.INVALID_REQUEST : StageFailure.SOURCE_UNREADABLE)
            .fail(message, err.getMessage()))
        .onSuccess(source -> {
          JsonObject status = new JsonObject().put("id", id).put("status", "queued").put("percent", 0)
              .put("created", Instant.now().toString()).put("source", new JsonObject().put("kind", order.kind())
                  .put("value", order.kind().equals("text") ? abbreviate(order.value()) : order.value()))
              .put("minutes", order.minutes()).put("style", order.style());
          statuses.put(id, status);
          infer(() -> {
            store.writeOrder(new PodcastScript(PodcastScript.VERSION, id, null, source, order.style(), order.minutes(),
                order.hosts(), List.of(), null));
            store.writeStatus(id, status);
            return null;
          }).onComplete(saved -> {
            message.reply(status.copy());
            make(id, new ScriptGenerator.Request(id, source, order.minutes(), order.style(), order.hosts()), stages,
                null);
          });
        });
  }

  private Future<Void> checkVoices(List<PodcastScript.Host> hosts) {
    return vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES, "list").compose(reply -> {
      JsonArray voices = reply.body().getJsonArray("voices", reply.body().getJsonArray("data", new JsonArray()));
      List<String> known = new ArrayList<>();
      for (Object v : voices) {
        if (v instanceof JsonObject voice) {
          known.add(voice.getString("id"));
          JsonArray aliases = voice.getJsonArray("aliases", new JsonArray());
          aliases.forEach(a -> known.add(String.valueOf(a)));
        }
      }
      for (PodcastScript.Host h : hosts) {
        if (!known.isEmpty() && !known.contains(h.voice())) {
          return Future.failedFuture(new BadRequest("host " + h.name() + ": unknown voice '" + h.voice()
              + "' (GET /v1/voices lists them)"));
        }
      }
      return Future.succeededFuture();
    });
  }

  /** The episode's source text: the pasted text, the page at the URL, or what the documents and web say on the topic. */
  private Future<PodcastScript.Source> source(Order order, Stages stages) {
    return switch (order.kind()) {
      case "text" -> Future.succeededFuture(new PodcastScript.Source("text", abbreviate(order.value()), order.value()));
      case "url" -> web.getAbs(order.value()).send().recover(err -> Future.failedFuture(
              new BadRequest("the URL could not be fetched: " + err.getMessage())))
          .compose(response -> {
            if (response.statusCode() != 200) {
              return Future.failedFuture(new BadRequest("the URL answered HTTP " + response.statusCode()));
            }
            Buffer body = response.body();
            if (body == null || body.length() == 0) {
              return Future.failedFuture(new BadRequest("the URL returned an empty page"));
            }
            if (body.length() > maxUrlBytes) {
              return Future.failedFuture(new BadRequest("the page is larger than " + maxUrlBytes + " bytes"));
            }
            String type = String.valueOf(response.getHeader("content-type")).toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/") && !type.contains("html") && !type.contains("xml")) {
              return Future.failedFuture(new BadRequest("the URL is not a text or HTML page (" + type + ")"));
            }
            String text = type.contains("html") ? HtmlText.of(body.toString()) : body.toString().trim();
            if (text.length() < 40) {
              return Future.failedFuture(new BadRequest("the page has too little text to make an episode from"));
            }
            return Future.succeededFuture(new PodcastScript.Source("url", order.value(),
                text.length() > maxSourceChars ? text.substring(0, maxSourceChars) : text));
          });
      default -> topicSource(order.value(), stages);
    };
  }

  private Future<PodcastScript.Source> topicSource(String topic, Stages stages) {
    String query = new JsonObject().put("query", topic).put("k", 8).encode();
    Future<String> documents = stages.tool("document_search", query).otherwise("");
    Future<String> webResults = stages.tool("web_search", query).otherwise("");
    return Future.join(documents, webResults).transform(done -> {
      StringBuilder text = new StringBuilder();
      for (String found : List.of(documents.result(), webResults.result())) {
        try {
          JsonArray results = new JsonObject(found).getJsonArray("results", new JsonArray());
          for (Object r : results) {
            if (r instanceof JsonObject hit) {
              String passage = hit.getString("text", hit.getString("content", hit.getString("snippet", "")));
              text.append(passage.trim()).append("\n\n");
            }
          }
        } catch (RuntimeException e) {
          // no results from that tool
        }
      }
      return vertx.eventBus().<JsonObject>request(Addresses.REASONING_MODELS, "list").map(models -> {
        boolean grounded = models.body().encode().contains("nexus-grounded");
        if (text.length() == 0 && grounded) {
          throw new BadRequest("no source material was found for the topic '" + topic + "': paste a 'text' or give a "
              + "'url', add documents with POST /v1/documents, or configure an LLM engine (reasoning.yaml) that "
              + "knows the topic");
        }
        return new PodcastScript.Source("topic", topic, text.length() == 0 ? "Topic: " + topic : text.toString().trim());
      });
    });
  }

  // ---------------------------------------------------------------- making an episode

  /** Writes the script (unless a kept draft is given), then speaks it; the work is kept as it goes. */
  private void make(String id, ScriptGenerator.Request request, Stages stages, PodcastScript draft) {
    if (draft == null) {
      progress(id, "writing", 0, null);
    }
    ScriptGenerator generator = new ScriptGenerator(stages::ask, f -> progress(id, "writing", (int) (f * 60), null));
    Future<PodcastScript> script = draft != null ? Future.succeededFuture(draft)
        : generator.generate(request).compose(s -> infer(() -> {
          store.writeDraft(s);
          return s;
        }));
    script
        .compose(s -> {
          written.put(id, s);
          progress(id, "rendering", 60, null);
          return render(s, stages);
        })
        .onComplete(done -> written.remove(id))
        .onSuccess(s -> {
          progress(id, "ready", 100, s);
          finished(id);
        })
        .onFailure(err -> {
          if (stopping) { // the server is going down: the work kept is resumed at the next start
            log.info("podcast {}: stopped while being made ({}); it resumes at the next start", id, err.getMessage());
            return;
          }
          log.warn("podcast {} failed: {}", id, err.getMessage());
          statuses.get(id).put("error", err.getMessage());
          progress(id, "failed", statuses.get(id).getInteger("percent", 0), null);
          finished(id);
        });
  }

  /** Saves the final status, then removes the work kept for resuming (in that order: a crash between is safe). */
  private void finished(String id) {
    JsonObject status = statuses.get(id).copy();
    infer(() -> {
      store.writeStatus(id, status);
      store.removeWork(id);
      return null;
    }).onFailure(err -> log.warn("podcast {}: its working files were not removed: {}", id, err.getMessage()));
  }

  @Override
  protected Future<?> stopCapability() {
    stopping = true;
    return super.stopCapability();
  }

  /**
   * Speaks every turn in its host's voice, segment by segment, keeping each segment once spoken (segments kept by
   * an earlier run are not spoken again); then writes the episode audio and the script with its timings.
   */
  private Future<PodcastScript> render(PodcastScript script, Stages stages) {
    return infer(() -> store.readParts(script.id())).compose(kept -> {
      List<byte[]> pcm = new ArrayList<>();
      List<PodcastScript.Segment> segments = new ArrayList<>();
      long[] at = {0};
      int total = script.turns().size();
      int[] done = {0};
      for (EpisodeStore.Part part : kept.subList(0, Math.min(kept.size(), script.segments().size()))) {
        pcm.add(part.pcm());
        segments.addAll(part.timing().segments());
        at[0] = part.timing().audio().durationMs();
        done[0] += part.timing().turns().size();
      }
      if (!segments.isEmpty()) {
        log.info("podcast {}: {} of {} segments were spoken before the restart", script.id(), segments.size(),
            script.segments().size());
        statuses.get(script.id()).put("resumed_segments", segments.size());
      }
      byte[] gap = new byte[gapMs * sampleRate / 1000 * 2];
      Future<Void> chain = Future.succeededFuture();
      for (int index = segments.size(); index < script.segments().size(); index++) {
        PodcastScript.Segment segment = script.segments().get(index);
        int number = index;
        chain = chain.compose(v -> {
          List<PodcastScript.Turn> turns = new ArrayList<>();
          java.io.ByteArrayOutputStream spoken = new java.io.ByteArrayOutputStream();
          Future<Void> turnChain = Future.succeededFuture();
          for (PodcastScript.Turn turn : segment.turns()) {
            turnChain = turnChain.compose(x -> stages.speak(turn.text(), script.host(turn.host()).voice(), sampleRate)
                .map(speech -> {
                  long start = at[0];
                  List<PodcastScript.Word> words = new ArrayList<>();
                  for (WordTiming w : speech.words()) {
                    words.add(new PodcastScript.Word(w.word(), w.textOffset(), start + w.startMs()));
                  }
                  spoken.writeBytes(speech.pcm());
                  spoken.writeBytes(gap);
                  long end = start + speech.pcm().length / 2 * 1000L / sampleRate;
                  at[0] = end + gapMs;
                  turns.add(new PodcastScript.Turn(turn.host(), turn.text(), start, end, words));
                  progress(script.id(), "rendering", 60 + 40 * ++done[0] / Math.max(1, total) - 1, null);
                  return null;
                }));
          }
          return turnChain.compose(x -> {
            PodcastScript.Segment rendered = new PodcastScript.Segment(segment.title(), turns);
            byte[] bytes = spoken.toByteArray();
            segments.add(rendered);
            pcm.add(bytes);
            PodcastScript timing = script.withSegments(List.of(rendered), new PodcastScript.Audio(sampleRate, at[0]));
            return infer(() -> {
              store.writePart(script.id(), number, timing, bytes);
              return null;
            });
          });
        });
      }
      return chain.compose(v -> {
        PodcastScript rendered = script.withSegments(segments, new PodcastScript.Audio(sampleRate, at[0]));
        int bytes = pcm.stream().mapToInt(p -> p.length).sum();
        return infer(() -> {
          store.writeAudio(script.id(), Wav.header(sampleRate, 1, bytes), pcm);
          store.writeScript(rendered);
          return rendered;
        });
      });
    });
  }

  private void progress(String id, String state, int percent, PodcastScript script) {
    JsonObject status = statuses.get(id);
    status.put("status", state).put("percent", percent);
    if (script != null) {
      status.put("title", script.title()).put("duration_ms", script.audio().durationMs())
          .put("hosts", new JsonArray(script.hosts().stream().map(h -> new JsonObject().put("name", h.name())
              .put("voice", h.voice())).toList()));
    }
    JsonObject copy = status.copy();
    vertx.eventBus().publish(Addresses.podcastProgress(id), copy);
    infer(() -> {
      store.writeStatus(id, copy);
      return null;
    }).onFailure(err -> log.warn("podcast {}: status not saved: {}", id, err.getMessage()));
  }

  /** The status of the episode a request names, or null after answering 404. */
  private JsonObject statusOf(Message<JsonObject> message) {
    String id = message.body().getString("id", "");
    JsonObject status = statuses.get(id);
    if (status == null) {
      StageFailure.NOT_FOUND.fail(message, "no podcast with id '" + id + "'");
    }
    return status;
  }

  private void get(Message<JsonObject> message) {
    JsonObject status = statusOf(message);
    if (status == null) {
      return;
    }
    String id = status.getString("id");
    if (!"ready".equals(status.getString("status"))) {
      PodcastScript script = written.get(id);
      message.reply(script == null ? status.copy() : status.copy().put("script", new JsonObject(script.toJson())));
      return;
    }
    infer(() -> store.readScript(id)).onSuccess(script -> message.reply(status.copy()
            .put("script", new JsonObject(script.toJson()))))
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }

  /** An episode's script: the one written for an episode in the making, else the stored one. */
  private Future<PodcastScript> script(String id) {
    PodcastScript draft = id == null ? null : written.get(id);
    if (draft != null) {
      return Future.succeededFuture(draft);
    }
    JsonObject status = id == null ? null : statuses.get(id);
    return status == null || !"ready".equals(status.getString("status"))
        ? Future.failedFuture("no script for '" + id + "'") : infer(() -> store.readScript(id));
  }

  private void audio(Message<JsonObject> message) {
    JsonObject status = statusOf(message);
    if (status == null) {
      return;
    }
    String id = status.getString("id");
    if (!"ready".equals(status.getString("status"))) {
      StageFailure.NOT_READY.fail(message, "the podcast is " + status.getString("status") + ", not ready");
      return;
    }
    infer(() -> Buffer.buffer(Files.readAllBytes(store.audio(id)))).onSuccess(message::reply)
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }

  private static String newId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id = new StringBuilder("pod_");
    for (int i = 0; i < 16; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }

  /** A request the client must fix: 400. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
