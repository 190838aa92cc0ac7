package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.PodcastQuestion;
import dev.nexus.bus.ScriptEdits;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Podcast episodes: deploys the parts and routes the bus to them. {@link EpisodeMaker} makes an episode from an
 * order (the {@link SourceReader} reads its source, the reasoning stage writes the script, the {@link EpisodeRenderer}
 * speaks it), {@link Episodes} answers for the episodes kept by the {@link EpisodeStore} under
 * {@code NEXUS_DATA/podcasts/}, {@link EpisodeEditor} edits a ready episode's script, and {@link QuestionAnswerer}
 * answers a live listener's question. Episodes survive restarts.
 */
public final class PodcastVerticle extends CapabilityVerticle {
  private Episodes episodes;
  private EpisodeMaker maker;
  private int sampleRate;

  public PodcastVerticle() {
    super(Addresses.PODCAST, "script");
  }

  @Override
  protected Future<?> startCapability(VerticleSettings configured) {
    Settings config = configured.config();
    sampleRate = config.integer("sample-rate", 24000, 8000, 48000);
    int gapMs = config.integer("turn-gap-ms", 350, 0, 5000);
    double maxMinutes = config.decimal("max-minutes", 60, 0.5, 600);
    int maxSourceChars = config.integer("max-source-chars", 200_000, 100, 10_000_000);
    int maxUrlBytes = config.integer("max-url-bytes", 5 * 1024 * 1024, 1024, 100 * 1024 * 1024);
    long stageTimeoutMs = config.integer("stage-timeout-ms", 120_000, 100, 3_600_000);
    int urlTimeoutMs = config.integer("url-timeout-ms", 15_000, 100, 600_000);
    Settings hosts = config.section("hosts");
    List<PodcastScript.Host> defaultHosts = List.of(
        new PodcastScript.Host("Alex", hosts.string("first-voice", "cedar"), "the curious host who asks the questions"),
        new PodcastScript.Host("Sam", hosts.string("second-voice", "marin"), "the expert who has read the source closely"));
    Blocking blocking = this::infer;
    EpisodeStore store = new EpisodeStore(Path.of(config().getString("data-dir", "."), "podcasts"));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(urlTimeoutMs)
        .setIdleTimeout(urlTimeoutMs / 1000 + 1).setFollowRedirects(true).setMaxRedirects(5)
        .setUserAgent("Nexus-podcast/1.0"));
    EpisodeRenderer renderer = new EpisodeRenderer(store, blocking, sampleRate, gapMs);
    episodes = new Episodes(vertx, store, blocking);
    maker = new EpisodeMaker(vertx, episodes, store, blocking, new SourceReader(vertx, web, maxSourceChars, maxUrlBytes),
        renderer, new EpisodeMaker.Limits(maxMinutes, maxSourceChars, defaultHosts, stageTimeoutMs));
    EpisodeEditor editor = new EpisodeEditor(episodes, store, blocking, renderer,
        id -> new Stages(vertx, id, stageTimeoutMs));
    QuestionAnswerer answerer = new QuestionAnswerer(vertx, episodes::script, this::watch, stageTimeoutMs);
    return infer(episodes::load).onSuccess(resuming -> {
      vertx.eventBus().<PodcastOrder>consumer(Addresses.PODCAST_CREATE, maker::create);
      vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_GET, episodes::get);
      vertx.eventBus().<Object>consumer(Addresses.PODCAST_LIST, m -> m.reply(episodes.list()));
      vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_AUDIO, episodes::audio);
      new SessionRecordings(vertx, store).register();
      vertx.eventBus().<ScriptEdits>consumer(Addresses.PODCAST_EDIT, editor::handle);
      vertx.eventBus().<PodcastQuestion>consumer(Addresses.PODCAST_ANSWER, answerer::handle);
      resuming.forEach(maker::resume);
    });
  }

  @Override
  protected JsonObject describe() {
    return super.describe().put("episodes", episodes == null ? 0 : episodes.size()).put("sample_rate", sampleRate);
  }

  @Override
  protected Future<?> stopCapability() {
    if (maker != null) {
      maker.stopping();
    }
    return super.stopCapability();
  }
}
