package dev.nexus.gateway;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.client.StageStream;
import dev.nexus.bus.StageException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One HTTP request answered from a stage's stream: the stream's items, its end and its failure come to the
 * subclass, and the stage is cancelled when the client closes the connection before the answer is finished.
 */
abstract class StageExchange<T> {
  final RoutingContext ctx;
  final HttpServerResponse response;
  StageStream<T> stream;
  /** The answer is complete (or the client has gone): later items are ignored. */
  boolean finished;

  StageExchange(RoutingContext ctx) {
    this.ctx = ctx;
    this.response = ctx.response();
  }

  /** Opens the stream of {@code stage} at {@code address}, wired to this exchange; the caller sends the request. */
  final StageStream<T> open(Vertx vertx, String stage, String address, RequestContext context, Class<T> type) {
    stream = StageStream.of(vertx, stage, address, context, type)
        .handler(this::onItem)
        .endHandler(end -> onEnd())
        .exceptionHandler(this::onFailure);
    response.closeHandler(closed -> {
      if (!finished) {
        finished = true;
        stream.cancel("client closed the connection");
      }
    });
    return stream;
  }

  abstract void onItem(T item);

  abstract void onEnd();

  abstract void onFailure(StageException failure);
}
