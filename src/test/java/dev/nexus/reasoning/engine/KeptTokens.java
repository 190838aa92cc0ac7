package dev.nexus.reasoning.engine;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** A turn's sink for engine tests: keeps every token that reaches the client; the turn is never cancelled. */
public final class KeptTokens implements LanguageModel.Sink {
  public final List<String> tokens = new ArrayList<>();

  @Override
  public boolean token(String text) {
    tokens.add(text);
    return true;
  }

  @Override
  public boolean active() {
    return true;
  }

  @Override
  public void onCancel(Runnable action) {
  }

  /** An engine's blocking work run on the calling thread (tests call engines off any event loop). */
  public static Function<Callable<LanguageModel.Reply>, Future<LanguageModel.Reply>> onThisThread() {
    return work -> {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    };
  }
}
