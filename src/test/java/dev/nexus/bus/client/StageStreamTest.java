package dev.nexus.bus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.CancelSignal;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.StreamEnd;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bus's streaming exchange from the caller's side, against a stage written here on the same event bus: what
 * reaches each callback, in which order, and what the stage sees of a cancel or a timeout.
 */
class StageStreamTest {
  private static final String ADDRESS = "test.stage";
  private Vertx vertx;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<CancelSignal> cancels = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A stage that replies "accepted", then does {@code work} with the request's context. */
  private void stage(Consumer<RequestContext> work) throws Exception {
    vertx.eventBus().<RequestContext>consumer(ADDRESS, (Message<RequestContext> m) -> {
      RequestContext request = m.body();
      vertx.eventBus().<CancelSignal>consumer(request.cancelAddress(), c -> {
        cancels.add(c.body());
        c.reply("cancelled");
      });
      m.reply("accepted");
      work.accept(request);
    }).completion().await(10, TimeUnit.SECONDS);
  }

  private void emit(RequestContext request, Object... items) {
    for (Object item : items) {
      vertx.eventBus().send(request.streamAddress(), item);
    }
  }

  private StageStream<String> stream(RequestContext context, Promise<Void> finished) {
    return StageStream.of(vertx, "synthesis", ADDRESS, context, String.class)
        .handler(item -> events.add("item " + item))
        .endHandler(end -> {
          events.add("end " + end.status());
          finished.tryComplete();
        })
        .exceptionHandler(err -> {
          events.add("error " + err.failure() + " " + err.stage() + ": " + err.getMessage());
          finished.tryComplete();
        });
  }

  @Test
  void itemsOfTheStreamsTypeArriveInOrderThenTheEndAndTheRequestIsSettled() throws Exception {
    stage(request -> emit(request, "a", 42, "b", "c", StreamEnd.done(request.requestId(), "synthesis"), "late"));
    RequestContext context = RequestContext.newRequest("s");
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(context, finished);
    assertThat(stream.context()).isEqualTo(context);
    assertThat(stream.active()).isTrue();
    String reply = stream.<String>send(context).await(10, TimeUnit.SECONDS);
    finished.future().await(10, TimeUnit.SECONDS);
    stream.settled().await(10, TimeUnit.SECONDS);

    assertThat(reply).isEqualTo("accepted");
    assertThat(events).as("the Integer is not an item of this stream; nothing after the end")
        .containsExactly("item a", "item b", "item c", "end DONE");
    assertThat(stream.active()).isFalse();
    assertThat(stream.cancel("after the end").succeeded()).as("cancelling an ended stream asks nothing").isTrue();
    assertThat(cancels).isEmpty();
  }

  @Test
  void aFailedEndReachesOnlyTheExceptionHandlerNamingTheStageThatFailed() throws Exception {
    stage(request -> emit(request, "a", StreamEnd.failed(request.requestId(), "reasoning", "model crashed")));
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished);
    stream.send(stream.context()).await(10, TimeUnit.SECONDS);
    finished.future().await(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("item a", "error FAILED reasoning: model crashed");
    assertThat(stream.settled().succeeded()).isTrue();
  }

  @Test
  void aFailedEndWithoutAStageIsChargedToTheStageCalled() throws Exception {
    stage(request -> emit(request, StreamEnd.failed(request.requestId(), null, "broke")));
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished);
    stream.send(stream.context()).await(10, TimeUnit.SECONDS);
    finished.future().await(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("error FAILED synthesis: broke");
  }

  @Test
  void aRefusedRequestFailsTheSendAndTellsTheExceptionHandlerOnceWithTheStagesKind() throws Exception {
    vertx.eventBus().consumer(ADDRESS, m -> StageFailure.NOT_FOUND.fail(m, "no such voice"))
        .completion().await(10, TimeUnit.SECONDS);
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished);
    Future<Object> sent = stream.send(stream.context());
    assertThatThrownBy(() -> sent.await(10, TimeUnit.SECONDS)).isInstanceOf(StageException.class)
        .hasMessage("no such voice");
    assertThat(((StageException) sent.cause()).failure()).isEqualTo(StageFailure.NOT_FOUND);
    assertThat(events).containsExactly("error NOT_FOUND synthesis: no such voice");
    assertThat(stream.active()).isFalse();
    assertThat(stream.settled().succeeded()).as("a refused request is let go at once").isTrue();
  }

  @Test
  void aStageNobodyServesIsUnavailable() throws Exception {
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished)
        .deliveryOptions(new DeliveryOptions().setSendTimeout(5000));
    Future<Object> sent = stream.send(stream.context());
    assertThatThrownBy(() -> sent.await(10, TimeUnit.SECONDS)).isInstanceOf(StageException.class);
    assertThat(((StageException) sent.cause()).failure()).isEqualTo(StageFailure.UNAVAILABLE);
    assertThat(events).singleElement().asString().startsWith("error UNAVAILABLE synthesis");
  }

  @Test
  void aStreamCancelledBeforeItIsSentSendsNothing() throws Exception {
    List<Object> received = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer(ADDRESS, m -> received.add(m.body())).completion().await(10, TimeUnit.SECONDS);
    StageStream<String> stream = stream(RequestContext.newRequest("s"), Promise.promise());
    stream.cancel("changed my mind").await(10, TimeUnit.SECONDS);
    Future<Object> sent = stream.send(stream.context());
    assertThat(sent.failed()).isTrue();
    assertThat(sent.cause()).isInstanceOf(StageException.class)
        .hasMessage("the request was cancelled before it was sent");
    // a probe sent after it, on the same address, arrives first and alone: the request never went
    vertx.eventBus().send(ADDRESS, "probe");
    waitFor(() -> !received.isEmpty());
    assertThat(received).containsExactly("probe");
    assertThat(events).as("no callback after a cancel").isEmpty();
  }

  @Test
  void aCancelStopsTheCallbacksAndReachesTheStageWithItsReason() throws Exception {
    Promise<RequestContext> started = Promise.promise();
    stage(started::complete);
    StageStream<String> stream = stream(RequestContext.newRequest("s"), Promise.promise());
    stream.send(stream.context()).await(10, TimeUnit.SECONDS);
    RequestContext request = started.future().await(10, TimeUnit.SECONDS);
    emit(request, "before");
    waitFor(() -> events.contains("item before"));
    stream.cancel("barge-in").await(10, TimeUnit.SECONDS);
    assertThat(stream.active()).isFalse();
    assertThat(cancels).extracting(CancelSignal::reason).containsExactly("barge-in");
    assertThat(cancels.get(0).requestId()).isEqualTo(request.requestId());
    // the stage ignores the cancel and goes on; a probe on a consumer of our own shows when its sends have landed
    List<Object> probe = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer("test.probe", m -> probe.add(m.body())).completion().await(10, TimeUnit.SECONDS);
    emit(request, "after", StreamEnd.done(request.requestId(), "synthesis"));
    vertx.eventBus().send("test.probe", "landed");
    waitFor(() -> !probe.isEmpty());
    assertThat(events).containsExactly("item before");
    assertThat(stream.cancel("again").succeeded()).isTrue();
    assertThat(cancels).as("a second cancel asks nothing").hasSize(1);
  }

  @Test
  void aSilentStageFailsTheStreamAsUnavailableAndIsAskedToStop() throws Exception {
    stage(request -> { });
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished).idleTimeout(200);
    stream.send(stream.context()).await(10, TimeUnit.SECONDS);
    finished.future().await(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly(
        "error UNAVAILABLE synthesis: no answer from the synthesis stage for 200 ms (its node may have gone)");
    stream.settled().await(10, TimeUnit.SECONDS);
    assertThat(cancels).extracting(CancelSignal::reason).containsExactly("timeout");
  }

  @Test
  void itemsKeepAnIdleStreamAlive() throws Exception {
    // items every 50 ms for 600 ms against an idle timeout of 2 s: the stream ends, it does not time out
    stage(request -> {
      long[] sent = {0};
      vertx.setPeriodic(50, t -> {
        if (++sent[0] <= 12) {
          emit(request, "tick");
        } else {
          vertx.cancelTimer(t);
          emit(request, StreamEnd.done(request.requestId(), "synthesis"));
        }
      });
    });
    Promise<Void> finished = Promise.promise();
    StageStream<String> stream = stream(RequestContext.newRequest("s"), finished).idleTimeout(2000);
    stream.send(stream.context()).await(10, TimeUnit.SECONDS);
    finished.future().await(10, TimeUnit.SECONDS);
    assertThat(events).hasSize(13).endsWith("end DONE");
  }

  @Test
  void collectGathersTheWholeStreamOrFailsWhenTheStageCancels() throws Exception {
    stage(request -> emit(request, "x", "y", request.sessionId().equals("cancel")
        ? StreamEnd.cancelled(request.requestId(), "synthesis") : StreamEnd.done(request.requestId(), "synthesis")));
    RequestContext done = RequestContext.newRequest("done");
    assertThat(StageStream.collect(vertx, "synthesis", ADDRESS, done, String.class, done, 5000)
        .await(10, TimeUnit.SECONDS)).containsExactly("x", "y");
    RequestContext cancelled = RequestContext.newRequest("cancel");
    Future<List<String>> refused = StageStream.collect(vertx, "synthesis", ADDRESS, cancelled, String.class,
        cancelled, 5000);
    assertThatThrownBy(() -> refused.await(10, TimeUnit.SECONDS)).isInstanceOf(StageException.class)
        .hasMessage("the synthesis stage cancelled the request");
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(5);
    }
  }
}
