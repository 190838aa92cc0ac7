package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.gateway.base.BusErrors;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A live session's recording over HTTP: {@code GET /v1/podcasts/{id}/sessions/{sid}} is the transcript with times
 * (JSON; {@code ?format=text} for lines of text) and {@code .../audio} the WAV of what the listener heard.
 */
record SessionRoutes(Vertx vertx) {
  void mount(Router router) {
    router.get("/v1/podcasts/:id/sessions/:sid").handler(this::transcript);
    router.get("/v1/podcasts/:id/sessions/:sid/audio").handler(this::audio);
  }

  private static JsonObject ids(RoutingContext ctx) {
    return new JsonObject().put("podcast_id", ctx.pathParam("id")).put("session_id", ctx.pathParam("sid"));
  }

  private void transcript(RoutingContext ctx) {
    boolean text = "text".equals(ctx.request().getParam("format"));
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_SESSION_GET, ids(ctx)).onSuccess(reply -> {
      if (text) {
        ctx.response().putHeader("content-type", "text/plain; charset=utf-8")
            .putHeader("content-disposition", "attachment; filename=\"" + ctx.pathParam("sid") + ".txt\"")
            .end(reply.body().getString("text"));
      } else {
        ctx.response().putHeader("content-type", "application/json").end(reply.body().encode());
      }
    }).onFailure(err -> BusErrors.reply(ctx, err, "podcast"));
  }

  private void audio(RoutingContext ctx) {
    vertx.eventBus().<Buffer>request(Addresses.PODCAST_SESSION_AUDIO, ids(ctx))
        .onSuccess(reply -> ctx.response().putHeader("content-type", "audio/wav")
            .putHeader("content-disposition", "attachment; filename=\"" + ctx.pathParam("sid") + ".wav\"")
            .end(reply.body()))
        .onFailure(err -> BusErrors.reply(ctx, err, "podcast"));
  }
}
