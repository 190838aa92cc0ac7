package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.SessionLimit;
import dev.nexus.gateway.mcp.McpEndpoint;
import dev.nexus.config.Settings;
import dev.nexus.gateway.podcast.PodcastRoutes;
import dev.nexus.gateway.realtime.RealtimeRoutes;
import dev.nexus.gateway.twilio.TwilioRoutes;
import dev.nexus.metrics.LatencyLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP and WebSocket front door: health, metrics, the OpenAI-compatible routes and the static demo
 * page. Protocol code lives here; capabilities are reached over the event bus only.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Local map where the gateway records the port it actually bound (useful with port 0). */
  public static final String INFO_MAP = "nexus.gateway";

  private HttpServer server;
  private long shutdownGraceMs;
  private LatencyLedger ledger;
  private ToolBridge toolBridge;
  private McpEndpoint mcp;

  @Override
  public Future<?> start() {
    Settings settings = new Settings(config().getString("source", "gateway.yaml"), config());
    String keysFile = settings.string("api-keys-file", "");
    return ApiKeys.load(vertx, settings.strings("api-keys", List.of()), keysFile.isBlank() ? null : keysFile,
        settings.section("limits").integer("requests-per-minute", 0, 0, 1_000_000))
        .compose(apiKeys -> start(settings, apiKeys));
  }

  private Future<?> start(Settings settings, ApiKeys apiKeys) {
    Settings http = settings.section("http");
    if (apiKeys.enabled()) {
      long every = settings.integer("api-keys-reload-ms", 2000, 100, 3_600_000);
      vertx.setPeriodic(every, t -> apiKeys.reload(vertx));
    }
    // with no API keys the server is for this machine only, unless the configuration names a host itself
    String host = http.string("host", "auto");
    if (host.equals("auto")) {
      host = apiKeys.enabled() ? "0.0.0.0" : "127.0.0.1";
      if (!apiKeys.enabled()) {
        LOG.info("no API keys (NEXUS_API_KEYS or NEXUS_API_KEYS_FILE): local-only mode, listening on 127.0.0.1; "
            + "set keys (or http.host) to serve other machines");
      }
    }
    int port = http.integer("port", 8080, 0, 65535);
    long bodyLimit = http.integer("max-body-bytes", 30 * 1024 * 1024, 1024, Integer.MAX_VALUE);
    shutdownGraceMs = http.integer("shutdown-grace-ms", 5000, 0, 600_000);
    List<String> capabilities = settings.strings("capabilities", List.of());
    long healthTimeoutMs = settings.integer("health-timeout-ms", 2000, 10, 60_000);
    Settings realtime = settings.section("realtime");
    int sendAheadMs = realtime.integer("send-ahead-ms", 1000, -1, 600_000);
    int maxBufferSeconds = realtime.integer("max-buffer-seconds", 900, 1, 86_400);
    int chunkMs = realtime.integer("chunk-ms", 40, 10, 1000);
    boolean echoGuard = realtime.bool("echo-guard", false);
    int stageTimeoutMs = realtime.integer("stage-timeout-ms", 30_000, 100, 3_600_000);
    int podcastAheadMs = settings.section("podcast").integer("send-ahead-ms", 1000, -1, 600_000);
    Settings mcpSettings = settings.section("mcp");
    if (mcpSettings.bool("enabled", true)) {
      mcp = new McpEndpoint(vertx, new McpEndpoint.Options(settings.integer("tool-timeout-ms", 10_000, 10, 600_000),
          stageTimeoutMs, mcpSettings.integer("podcast-timeout-ms", 1_800_000, 1000, 86_400_000),
          mcpSettings.integer("max-sessions", 100, 1, 100_000),
          mcpSettings.integer("session-idle-ms", 1_800_000, 1000, 86_400_000)));
    }
    Settings limits = settings.section("limits");
    SessionLimit sessions = new SessionLimit(limits.integer("max-sessions", 1000, 1, 1_000_000),
        settings.strings("allowed-origins", List.of()));
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true)
        .setWebSocketSubProtocols(List.of("realtime")) // selected when a browser-style client offers it
        .setIdleTimeout(limits.integer("idle-timeout-seconds", 300, 1, 86_400))
        .setMaxWebSocketFrameSize(http.integer("max-websocket-frame-bytes", 1024 * 1024, 1024, 64 * 1024 * 1024))
        .setMaxWebSocketMessageSize(http.integer("max-websocket-message-bytes", 16 * 1024 * 1024, 1024,
            256 * 1024 * 1024));
    Future<Void> tls = Tls.configure(vertx, options, http.section("tls"), Path.of(config().getString("data-dir", ".")));
    Future<LatencyLedger> ledgerReady = config().containsKey("data-dir")
        ? LatencyLedger.open(vertx, metricsRegistry(), Path.of(config().getString("data-dir"), "metrics"), "turns")
        : Future.succeededFuture();
    return Future.all(tls, ledgerReady).compose(ready -> {
      ledger = ledgerReady.result();
      return listen(settings, options, apiKeys, sessions, capabilities, healthTimeoutMs, bodyLimit,
          new RealtimeRoutes(vertx, sendAheadMs, maxBufferSeconds, chunkMs, echoGuard, stageTimeoutMs, ledger),
          new PodcastRoutes(vertx, podcastAheadMs, chunkMs, ledger));
    }).compose(listening -> {
      JsonObject bridge = config().getJsonObject("bridge", new JsonObject()); // tools.yaml's, from NexusServer
      return ToolBridge.start(vertx, apiKeys, new Settings(bridge.getString("source", "tools.yaml"),
          new JsonObject().put("bridge", bridge)).section("bridge"));
    }).onSuccess(bridge -> toolBridge = bridge);
  }

  private MeterRegistry metricsRegistry() {
    String name = config().getString("metrics-registry");
    return name == null ? null : BackendRegistries.getNow(name);
  }

  private Future<?> listen(Settings settings, HttpServerOptions options, ApiKeys apiKeys, SessionLimit sessions,
      List<String> capabilities,
      long healthTimeoutMs, long bodyLimit, RealtimeRoutes realtime, PodcastRoutes podcasts) {
    Router router = Router.router(vertx);
    Health health = new Health(vertx, capabilities, healthTimeoutMs);
    router.get("/health").handler(health::handle);
    String metricsRegistry = config().getString("metrics-registry");
    String metricsAccess = settings.oneOf("metrics", "open", List.of("open", "key", "off"));
    if (metricsRegistry != null && !metricsAccess.equals("off")) {
      if (metricsAccess.equals("key")) {
        router.get("/metrics").handler(apiKeys);
      }
      router.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
    }
    router.route("/v1/*").handler(apiKeys);
    router.get("/v1/realtime").handler(sessions);
    router.get("/v1/podcasts/live").handler(sessions);
    router.get("/v1/podcasts/:id/live").handler(sessions);
    router.get(TwilioRoutes.PATH).handler(sessions);
    realtime.mount(router); // WebSockets before the body handler: an upgrade request has no body to read
    new TwilioRoutes(vertx, realtime, SessionLimit::release).mount(router);
    podcasts.mountLive(router);
    BodyHandler bodies = BodyHandler.create().setBodyLimit(bodyLimit)
        .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/nexus-uploads").setDeleteUploadedFilesOnEnd(true);
    router.route("/v1/*").handler(bodies);
    if (mcp != null) { // Nexus as an MCP server, behind the keys (the tools right)
      router.route(McpEndpoint.PATH).handler(apiKeys);
      router.route(McpEndpoint.PATH).handler(bodies);
      mcp.mount(router);
    }
    new SpeechRoutes(vertx).mount(router);
    new ChatRoutes(vertx, health).mount(router);
    podcasts.mount(router);
    new TranscriptionRoutes(vertx).mount(router);
    new ToolRoutes(vertx, settings.integer("tool-timeout-ms", 10_000, 10, 600_000),
        settings.integer("max-document-chars", 1_000_000, 1, 100_000_000)).mount(router);
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().last().handler(ctx -> ApiError.send(ctx, 404, "invalid_request_error", "not_found",
        null, "Unknown route: " + ctx.request().method() + " " + ctx.request().path()));
    router.route().failureHandler(GatewayVerticle::failure);

    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen().onSuccess(s -> {
      vertx.sharedData().getLocalMap(INFO_MAP).put("port", s.actualPort());
      vertx.sharedData().getLocalMap(INFO_MAP).put("host", options.getHost());
      LOG.info("gateway listening on {}://{}:{}/{}", options.isSsl() ? "https" : "http", options.getHost(),
          s.actualPort(), apiKeys.enabled() ? " (API keys required on /v1)" : "");
    });
  }

  @Override
  public Future<?> stop() {
    // Graceful: stop accepting, let in-flight requests and writes finish, then close the rest.
    Future<Void> stopped = server == null ? Future.succeededFuture()
        : server.shutdown(shutdownGraceMs, TimeUnit.MILLISECONDS);
    return stopped.transform(v -> mcp == null ? Future.succeededFuture() : mcp.close())
        .transform(v -> toolBridge == null ? Future.succeededFuture() : toolBridge.close())
        .transform(v -> ledger == null ? Future.succeededFuture() : ledger.close());
  }

  private static void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      ApiError.send(ctx, 413, "invalid_request_error", "request_too_large", null,
          "Request body is larger than this server accepts");
    } else if (status >= 400 && status < 500) {
      ApiError.send(ctx, status, "invalid_request_error", "bad_request", null,
          ctx.failure() == null ? "Bad request" : ctx.failure().getMessage());
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      ApiError.send(ctx, 500, "server_error", "internal_error", null,
          "The server failed to handle this request; it has been logged");
    }
  }
}
