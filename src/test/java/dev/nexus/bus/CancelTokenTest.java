package dev.nexus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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

  @Test
  void listenersAndStoppersRunOnceOnTheCancelAndAtOnceWhenAddedAfterIt(Vertx vertx) throws Exception {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    CancelToken token = CancelToken.watch(vertx, request);
    token.ready().await(10, TimeUnit.SECONDS);
    assertThat(token.isCancelled()).isFalse();
    List<String> ran = new CopyOnWriteArrayList<>();
    token.onCancel(() -> ran.add("listener"));
    Promise<Void> stopped = Promise.promise();
    token.onCancelAsync(() -> {
      ran.add("stopper");
      return stopped.future();
    });
    Future<Void> acknowledged = CancelToken.cancel(vertx, request, "barge-in");
    waitFor(() -> ran.size() == 2);
    assertThat(ran).containsExactly("listener", "stopper");
    assertThat(acknowledged.isComplete()).as("the acknowledgement waits for the stopper").isFalse();
    stopped.complete();
    acknowledged.await(10, TimeUnit.SECONDS);
    assertThat(token.isCancelled()).isTrue();

    CancelToken.cancel(vertx, request, "again").await(10, TimeUnit.SECONDS);
    assertThat(ran).as("a second cancel runs nothing again").containsExactly("listener", "stopper");
    token.onCancel(() -> ran.add("late listener"));
    token.onCancelAsync(() -> {
      ran.add("late stopper");
      return Future.succeededFuture();
    });
    assertThat(ran).endsWith("late listener", "late stopper");
    token.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void closeRunsTheCloseActionOnceAndStopsListening(Vertx vertx) throws Exception {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    AtomicInteger closed = new AtomicInteger();
    CancelToken token = CancelToken.watch(vertx, request).onClose(closed::incrementAndGet);
    token.ready().await(10, TimeUnit.SECONDS);
    token.close().await(10, TimeUnit.SECONDS);
    token.close();
    assertThat(closed.get()).isEqualTo(1);
    CancelToken.cancel(vertx, request, "late").await(10, TimeUnit.SECONDS);
    assertThat(token.isCancelled()).as("no longer listening").isFalse();
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
