package dev.nexus.bus.client;

import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.StreamEnd;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one client of the bus's streaming exchange: a request goes to a stage, its items come back on the request's
 * stream address in order, and exactly one {@link StreamEnd} closes it. The stream's consumer is registered before
 * the request is sent; every callback runs on the caller's context; after {@link #cancel} (or the end, or a
 * failure) no callback comes. A stream whose stage sends nothing for the idle timeout fails, naming the stage, and
 * the stage is asked to stop.
 *
 * @param <T> the type of the stream's items (items of other types are ignored)
 */
public final class StageStream<T> {
  private final Vertx vertx;
  private final String stage;
  private final String address;
  private final RequestContext context;
  private final Class<T> itemType;
  private final Promise<Void> settled = Promise.promise();
  private Handler<T> handler = item -> { };
  private Handler<StreamEnd> endHandler = end -> { };
  private Handler<StageException> exceptionHandler = err -> { };
  private DeliveryOptions delivery = new DeliveryOptions();
  private MessageConsumer<Object> consumer;
  private long idleMs = -1;
  private long idleTimer = -1;
  private boolean closed;
  private boolean awaitingReply;
  private String deferredCancel;

  private StageStream(Vertx vertx, String stage, String address, RequestContext context, Class<T> itemType) {
    this.vertx = vertx;
    this.stage = stage;
    this.address = address;
    this.context = context;
    this.itemType = itemType;
  }

  /**
   * A stream of {@code itemType} items from the stage listening on {@code address}.
   *
   * @param stage the capability's name, for errors ("synthesis", "reasoning", ...)
   * @param context the request's context: its stream and cancel addresses
   */
  public static <T> StageStream<T> of(Vertx vertx, String stage, String address, RequestContext context,
      Class<T> itemType) {
    return new StageStream<>(vertx, stage, address, context, itemType);
  }

  /** Each item, in order. */
  public StageStream<T> handler(Handler<T> handler) {
    this.handler = handler;
    return this;
  }

  /** The stream's end when the stage finished it (done, or cancelled by the stage itself). */
  public StageStream<T> endHandler(Handler<StreamEnd> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  /**
   * The request was refused or could not be delivered, the stage ended the stream with a failure, or it went
   * silent past the idle timeout. No other callback follows.
   */
  public StageStream<T> exceptionHandler(Handler<StageException> exceptionHandler) {
    this.exceptionHandler = exceptionHandler;
    return this;
  }

  /** Fails the stream when the stage sends nothing (no reply, no item) for {@code ms}; -1 waits for ever. */
  public StageStream<T> idleTimeout(long ms) {
    this.idleMs = ms;
    return this;
  }

  /** Options for the request itself (its send timeout, headers). */
  public StageStream<T> deliveryOptions(DeliveryOptions options) {
    this.delivery = options;
    return this;
  }

  public RequestContext context() {
    return context;
  }

  /** Still open: neither ended, failed nor cancelled. */
  public boolean active() {
    return !closed;
  }

  /**
   * Completes once the stage has let the request go: its end arrived, its cancel was acknowledged, or the request
   * never reached it. Never fails.
   */
  public Future<Void> settled() {
    return settled.future();
  }

  /**
   * Registers the stream's consumer, then sends {@code request}. The future holds the stage's reply (which comes at
   * once, before the items); on failure the exception handler has been told too. A stream cancelled before this call
   * sends nothing and fails.
   */
  public <R> Future<R> send(Object request) {
    if (closed) { // cancelled before it was sent: it is not sent at all
      return Future.failedFuture(new StageException(StageFailure.FAILED, stage,
          "the request was cancelled before it was sent"));
    }
    consumer = vertx.eventBus().consumer(context.streamAddress(), this::receive);
    touch();
    awaitingReply = true;
    return consumer.completion()
        .compose(v -> vertx.eventBus().<R>request(address, request, delivery))
        .map(reply -> {
          awaitingReply = false;
          if (deferredCancel != null) { // cancelled while the request was on its way: the stage now listens
            sendCancel(deferredCancel);
          }
          touch();
          return reply.body();
        })
        .recover(err -> {
          awaitingReply = false;
          settled.tryComplete(); // the stage never took the request (a cancel made meanwhile has nothing to stop)
          StageException failure = StageException.from(stage, err);
          if (!closed) {
            close();
            exceptionHandler.handle(failure);
          }
          return Future.failedFuture(failure);
        });
  }

  private void receive(Message<Object> message) {
    if (closed) {
      return;
    }
    Object body = message.body();
    if (body instanceof StreamEnd end) {
      close();
      settled.tryComplete();
      if (end.status() == StreamEnd.Status.FAILED) {
        exceptionHandler.handle(new StageException(StageFailure.FAILED,
            end.stage() == null ? stage : end.stage(), end.message()));
      } else {
        endHandler.handle(end);
      }
    } else if (itemType.isInstance(body)) {
      touch();
      handler.handle(itemType.cast(body));
    }
  }

  /**
   * Stops the callbacks at once and asks the stage to stop; completes when the stage has acknowledged (at once when
   * the stream had already ended). A cancel that would overtake its request (sent, not yet taken by the stage, whose
   * cancel listener is then not there yet) waits for the stage's reply and goes then, so it is never lost.
   */
  public Future<Void> cancel(String reason) {
    if (closed) {
      return settled.future();
    }
    close();
    if (awaitingReply) {
      deferredCancel = reason;
    } else {
      sendCancel(reason);
    }
    return settled.future();
  }

  private void sendCancel(String reason) {
    CancelToken.cancel(vertx, context, reason).onComplete(done -> settled.tryComplete());
  }

  private void close() {
    closed = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }

  private void touch() {
    if (idleMs < 0 || closed) {
      return;
    }
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    idleTimer = vertx.setTimer(idleMs, t -> {
      idleTimer = -1;
      if (closed) {
        return;
      }
      cancel("timeout");
      exceptionHandler.handle(new StageException(StageFailure.UNAVAILABLE, stage,
          "no answer from the " + stage + " stage for " + idleMs + " ms (its node may have gone)"));
    });
  }

  /**
   * Sends a request and gathers its whole stream: the items in order once the stream is done. Fails with a
   * {@link StageException} when the stage refuses or fails the request, or sends nothing for {@code idleMs}.
   */
  public static <T> Future<List<T>> collect(Vertx vertx, String stage, String address, RequestContext context,
      Class<T> itemType, Object request, long idleMs) {
    Promise<List<T>> whole = Promise.promise();
    List<T> items = new ArrayList<>();
    StageStream.of(vertx, stage, address, context, itemType)
        .idleTimeout(idleMs)
        .handler(items::add)
        .endHandler(end -> {
          if (end.status() == StreamEnd.Status.DONE) {
            whole.tryComplete(items);
          } else {
            whole.tryFail(new StageException(StageFailure.FAILED, stage, "the " + stage + " stage cancelled the request"));
          }
        })
        .exceptionHandler(whole::tryFail)
        .send(request);
    return whole.future();
  }
}
