package dev.nexus.gateway;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One synthesis request whose audio streams back over the bus, as the live sessions use it (a realtime answer's
 * sentence, a podcast host's turn): the stream's consumer is registered before the request is sent, chunks and the
 * end arrive on the caller's event loop, and after {@link #cancel} (or the end) no callback comes.
 */
public final class SynthesisStream {
  private final Vertx vertx;
  private final RequestContext context;
  private final MessageConsumer<Object> consumer;
  private boolean closed;

  private SynthesisStream(Vertx vertx, RequestContext context, Consumer<AudioChunk> onChunk,
      Consumer<StreamEnd> onEnd) {
    this.vertx = vertx;
    this.context = context;
    this.consumer = vertx.eventBus().consumer(context.streamAddress(), message -> {
      if (closed) {
        return;
      }
      if (message.body() instanceof AudioChunk chunk) {
        onChunk.accept(chunk);
      } else if (message.body() instanceof StreamEnd end) {
        close();
        onEnd.accept(end);
      }
    });
  }

  /**
   * Starts one request for the session {@code sessionId}.
   *
   * @param request the request, made for the stream's context
   * @param onChunk each audio chunk, in order
   * @param onEnd the stream's end, done or failed (with the failing stage's name)
   * @param onFailure the request itself failed (no synthesis stage, a refusal); no other callback follows
   */
  public static SynthesisStream start(Vertx vertx, String sessionId, Function<RequestContext, SynthesisRequest> request,
      Consumer<AudioChunk> onChunk, Consumer<StreamEnd> onEnd, Consumer<Throwable> onFailure) {
    SynthesisStream stream = new SynthesisStream(vertx, RequestContext.newRequest(sessionId), onChunk, onEnd);
    stream.consumer.completion()
        .compose(v -> vertx.eventBus().request(Addresses.SYNTHESIS_SPEAK, request.apply(stream.context)))
        .onFailure(err -> {
          if (!stream.closed) {
            stream.close();
            onFailure.accept(err);
          }
        });
    return stream;
  }

  private void close() {
    closed = true;
    consumer.unregister();
  }

  /** Stops listening and asks the synthesis stage to stop; done when it has acknowledged (or was already done). */
  public Future<Void> cancel(String reason) {
    if (closed) {
      return Future.succeededFuture();
    }
    close();
    return CancelToken.cancel(vertx, context, reason);
  }
}
