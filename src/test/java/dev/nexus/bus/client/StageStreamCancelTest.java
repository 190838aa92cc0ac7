package dev.nexus.bus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.CancelToken;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageFailure;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cancel never overtakes its request: cancelled while the request is still on its way to a stage (which has not
 * started listening for the cancel yet), the stream cancels once the stage has taken the request.
 */
@ExtendWith(VertxExtension.class)
class StageStreamCancelTest {

  /** A stage that takes 300 ms before it accepts a request (watching its cancel, then replying). */
  private static final class SlowStage extends AbstractVerticle {
    final RequestContext request;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean accepted = new AtomicBoolean();
    final boolean refuse;

    SlowStage(RequestContext request, boolean refuse) {
      this.request = request;
      this.refuse = refuse;
    }

    @Override
    public void start(Promise<Void> started) {
      vertx.eventBus().<String>consumer("test.slow-stage", message -> vertx.setTimer(300, t -> {
        if (refuse) {
          StageFailure.INVALID_REQUEST.fail(message, "no");
          return;
        }
        CancelToken token = CancelToken.watch(vertx, request);
        token.onCancel(() -> cancelled.set(true));
        accepted.set(true);
        message.reply("accepted");
      })).completion().onComplete(started);
    }
  }

  @Test
  void aCancelSentBeforeTheStageTookTheRequestReachesTheStageOnceItHas(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    SlowStage stage = new SlowStage(request, false);
    AtomicInteger callbacks = new AtomicInteger();
    vertx.deployVerticle(stage).onComplete(ctx.succeeding(id -> vertx.runOnContext(v -> {
      StageStream<String> stream = StageStream.of(vertx, "slow", "test.slow-stage", request, String.class)
          .handler(item -> callbacks.incrementAndGet())
          .endHandler(end -> callbacks.incrementAndGet())
          .exceptionHandler(err -> callbacks.incrementAndGet());
      stream.send("go");
      assertThat(stage.accepted.get()).as("the stage has not taken the request yet").isFalse();
      stream.cancel("withdrawn").onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        assertThat(stage.accepted.get()).as("the stage took the request").isTrue();
        assertThat(stage.cancelled.get()).as("the stage's token was cancelled").isTrue();
        assertThat(stream.active()).isFalse();
        assertThat(callbacks.get()).as("no callback after the cancel").isZero();
        ctx.completeNow();
      })));
    })));
  }

  @Test
  void aCancelOfARequestTheStageRefusesSettlesWithoutACallback(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    SlowStage stage = new SlowStage(request, true);
    AtomicInteger callbacks = new AtomicInteger();
    vertx.deployVerticle(stage).onComplete(ctx.succeeding(id -> vertx.runOnContext(v -> {
      StageStream<String> stream = StageStream.of(vertx, "slow", "test.slow-stage", request, String.class)
          .exceptionHandler(err -> callbacks.incrementAndGet());
      Future<Object> sent = stream.send("go");
      Future<Void> cancelled = stream.cancel("withdrawn");
      Future.join(sent, cancelled).onComplete(both -> ctx.verify(() -> {
        assertThat(sent.failed()).as("the stage refused the request").isTrue();
        assertThat(cancelled.succeeded()).as("the cancel settled").isTrue();
        assertThat(stage.cancelled.get()).isFalse();
        assertThat(callbacks.get()).as("no exception callback after the cancel").isZero();
        ctx.completeNow();
      }));
    })));
  }

  @Test
  void aStreamCancelledBeforeItIsSentSendsNothing(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    RequestContext request = RequestContext.newRequest("s");
    SlowStage stage = new SlowStage(request, false);
    vertx.deployVerticle(stage).onComplete(ctx.succeeding(id -> vertx.runOnContext(v -> {
      StageStream<String> stream = StageStream.of(vertx, "slow", "test.slow-stage", request, String.class);
      stream.cancel("early").compose(done -> stream.send("go")).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(err).hasMessageContaining("cancelled before it was sent");
        vertx.setTimer(600, t -> ctx.verify(() -> { // past the stage's 300 ms acceptance
          assertThat(stage.accepted.get()).as("the stage never got the request").isFalse();
          ctx.completeNow();
        }));
      })));
    })));
  }
}
