package dev.nexus.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cancellation channel of one request, as seen by the stage doing the work. Emission and
 * cancellation share a lock, so once a cancel is acknowledged nothing more of the request leaves
 * the stage.
 */
public final class CancelToken {
  private final MessageConsumer<CancelSignal> consumer;
  private final List<Runnable> listeners = new ArrayList<>();
  private final List<Supplier<Future<?>>> stoppers = new ArrayList<>();
  private Runnable closed = () -> { };
  private boolean cancelled;

  private CancelToken(Vertx vertx, RequestContext context) {
    this.consumer = vertx.eventBus().consumer(context.cancelAddress(), message -> {
      List<Runnable> toRun;
      List<Supplier<Future<?>>> toStop;
      synchronized (this) {
        cancelled = true;
        toRun = List.copyOf(listeners);
        toStop = List.copyOf(stoppers);
        listeners.clear();
        stoppers.clear();
      }
      toRun.forEach(Runnable::run);
      Future.join(toStop.stream().<Future<?>>map(Supplier::get).toList())
          .onComplete(stopped -> message.reply("cancelled"));
    });
  }

  /** Starts listening for the cancellation of a request; call on the stage's own context. */
  public static CancelToken watch(Vertx vertx, RequestContext context) {
    return new CancelToken(vertx, context);
  }

  /** Completes once the cancel listener is registered (immediate on a local bus). */
  public Future<Void> ready() {
    return consumer.completion();
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code action} when the request is cancelled (at once if it already is). */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        listeners.add(action);
        return;
      }
    }
    action.run();
  }

  /**
   * Runs {@code stop} when the request is cancelled (at once if it already is), and acknowledges the cancel only
   * when the future it returns completes: a stage that passed the request on cancels its own callee there, so the
   * caller's acknowledgement means the whole chain has stopped.
   */
  public void onCancelAsync(Supplier<Future<?>> stop) {
    synchronized (this) {
      if (!cancelled) {
        stoppers.add(stop);
        return;
      }
    }
    stop.get();
  }

  /** Runs {@code action} once the request is finished ({@link #close}); the stage's in-flight count uses it. */
  public CancelToken onClose(Runnable action) {
    this.closed = action;
    return this;
  }

  /** Runs the emission unless the request is cancelled; returns whether it ran. */
  public synchronized boolean emitIfActive(Runnable emission) {
    if (cancelled) {
      return false;
    }
    emission.run();
    return true;
  }

  /** Stops listening; the request is finished. */
  public Future<Void> close() {
    Runnable action;
    synchronized (this) {
      action = closed;
      closed = () -> { };
    }
    action.run();
    return consumer.unregister();
  }

  /**
   * Cancels a request from the caller's side. Succeeds once the stage has acknowledged, or at once
   * if no stage is working on it any more.
   */
  public static Future<Void> cancel(Vertx vertx, RequestContext context, String reason) {
    return vertx.eventBus()
        .request(context.cancelAddress(), new CancelSignal(context.requestId(), reason))
        .<Void>mapEmpty()
        .recover(err -> err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture()
            : Future.failedFuture(err));
  }
}
