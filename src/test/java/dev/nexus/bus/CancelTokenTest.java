package dev.nexus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CancelTokenTest {

  @Test
  void nothingIsEmittedOnceTheCancelIsAcknowledged(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    CancelToken token = CancelToken.watch(vertx, request);
    AtomicInteger emitted = new AtomicInteger();
    token.ready()
        .map(v -> {
          assertThat(token.emitIfActive(emitted::incrementAndGet)).isTrue();
          return v;
        })
        .compose(v -> CancelToken.cancel(vertx, request, "barge-in"))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(token.isCancelled()).isTrue();
          assertThat(token.emitIfActive(emitted::incrementAndGet)).isFalse();
          assertThat(emitted.get()).isEqualTo(1);
          token.close();
          ctx.completeNow();
        })));
  }

  @Test
  void cancellingAFinishedRequestSucceeds(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    CancelToken token = CancelToken.watch(vertx, request);
    token.close()
        .compose(v -> CancelToken.cancel(vertx, request, "late"))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void aFailingCancelChannelIsReported(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    vertx.eventBus().consumer(request.cancelAddress(), message -> message.fail(500, "stage broke"));
    CancelToken.cancel(vertx, request, "x").onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessageContaining("stage broke");
      ctx.completeNow();
    })));
  }
}
