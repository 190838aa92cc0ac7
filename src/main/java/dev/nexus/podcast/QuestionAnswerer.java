package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.PodcastAnswer;
import dev.nexus.bus.PodcastQuestion;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.client.StageStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.function.Function;

/**
 * Answers a listener's question during a live episode ({@link Addresses#PODCAST_ANSWER}): the host best placed to
 * answer does so in character, from the source, and the other host leads back into the episode. The reasoning
 * request it makes is cancelled with the question, and the cancel is acknowledged once reasoning has stopped.
 */
final class QuestionAnswerer {
  private final Vertx vertx;
  private final Function<String, Future<PodcastScript>> scripts;
  private final Function<RequestContext, CancelToken> watch;
  private final long stageTimeoutMs;

  /**
   * @param scripts an episode's script by id (fails when there is none)
   * @param watch starts watching a request's cancellation, counted as in flight
   */
  QuestionAnswerer(Vertx vertx, Function<String, Future<PodcastScript>> scripts,
      Function<RequestContext, CancelToken> watch, long stageTimeoutMs) {
    this.vertx = vertx;
    this.scripts = scripts;
    this.watch = watch;
    this.stageTimeoutMs = stageTimeoutMs;
  }

  void handle(Message<PodcastQuestion> message) {
    PodcastQuestion question = message.body();
    if (question.question() == null || question.question().isBlank()) {
      StageFailure.INVALID_REQUEST.fail(message, "the question must not be empty");
      return;
    }
    RequestContext context = question.context();
    CancelToken token = watch.apply(context);
    scripts.apply(question.podcastId()).onFailure(err -> {
      token.close();
      StageFailure.NOT_FOUND.fail(message, "no podcast with id '" + question.podcastId() + "'");
    }).onSuccess(script -> {
      message.reply(question.podcastId());
      answer(script, question, token);
    });
  }

  private void answer(PodcastScript script, PodcastQuestion question, CancelToken token) {
    String address = question.context().streamAddress();
    String requestId = question.context().requestId();
    PodcastScript.Turn turn = turnAt(script, question.segment(), question.turn());
    PodcastScript.Host answerer = answerer(script, turn);
    PodcastScript.Host other = script.hosts().stream().filter(h -> !h.name().equals(answerer.name())).findFirst()
        .orElse(answerer);
    ChatRequest request = new ChatRequest(RequestContext.newRequest(question.context().sessionId()), null,
        List.of(ChatMessage.system(persona(script, answerer, turn, question.offset())),
            ChatMessage.system(script.source().text()), ChatMessage.user(question.question())),
        List.of(), null, true, null, null, null);
    StageStream<ChatEvent> reasoning = StageStream.of(vertx, "reasoning", Addresses.REASONING_CHAT,
        request.context(), ChatEvent.class).idleTimeout(stageTimeoutMs);
    token.onCancelAsync(() -> reasoning.cancel("interrupted").onComplete(v -> token.close()));
    if (token.isCancelled()) { // the question was withdrawn while its episode was being looked up
      return;
    }
    String[] text = new String[1];
    reasoning.handler(event -> {
      if (event instanceof ChatResult result) {
        text[0] = result.content();
      }
    }).endHandler(end -> {
      if (text[0] != null && end.status() == StreamEnd.Status.DONE) {
        token.emitIfActive(() -> vertx.eventBus().send(address,
            new PodcastAnswer(requestId, answerer.name(), text[0].trim(), other.name(), bridge())));
        finish(token, address, StreamEnd.done(requestId, Addresses.PODCAST));
      } else {
        finish(token, address, StreamEnd.cancelled(requestId, Addresses.PODCAST));
      }
    }).exceptionHandler(failure -> finish(token, address,
        StreamEnd.failed(requestId, failure.stage(), failure.getMessage())));
    reasoning.send(request);
  }

  private void finish(CancelToken token, String address, StreamEnd end) {
    token.emitIfActive(() -> vertx.eventBus().send(address, end));
    token.close();
  }

  private static PodcastScript.Turn turnAt(PodcastScript script, int segment, int turn) {
    if (segment < 0 || segment >= script.segments().size()) {
      return null;
    }
    List<PodcastScript.Turn> turns = script.segments().get(segment).turns();
    return turn < 0 || turn >= turns.size() ? null : turns.get(turn);
  }

  /** The host who was speaking answers, unless it was the first host (who asks): then the second one. */
  private static PodcastScript.Host answerer(PodcastScript script, PodcastScript.Turn turn) {
    List<PodcastScript.Host> hosts = script.hosts();
    return turn != null && !turn.host().equals(hosts.get(0).name()) ? script.host(turn.host()) : hosts.get(1);
  }

  private static String persona(PodcastScript script, PodcastScript.Host host, PodcastScript.Turn turn, int offset) {
    String context = turn == null ? "" : " The episode had just reached: \""
        + turn.text().substring(0, Math.min(turn.text().length(), Math.max(0, offset) + 40)) + "\".";
    return "You are " + host.name() + (host.persona() == null ? "" : ", " + host.persona())
        + ", a host of the podcast \"" + script.title() + "\". A listener interrupted with a question." + context
        + " Answer in two or three short spoken sentences, from the source.";
  }

  private static String bridge() {
    return "Thanks for the question. Now, back to where we were.";
  }
}
