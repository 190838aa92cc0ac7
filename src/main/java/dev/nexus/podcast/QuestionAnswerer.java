package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.PodcastAnswer;
import dev.nexus.bus.PodcastQuestion;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.client.StageStream;
import dev.nexus.knowledge.Passages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers a listener's question during a live episode ({@link Addresses#PODCAST_ANSWER}): the host best placed to
 * answer does so in character, from the source, in one or two spoken sentences without a preamble, and the other
 * host leads back into the episode naming what it was about ("Back to the great storm of 1901, then."). The
 * reasoning request it makes is cancelled with the question, and the cancel is acknowledged once reasoning has
 * stopped.
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
    PodcastScript.Host answerer = answerer(script, turn, question.question());
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
        text[0] = result.grounding() == Grounding.NOT_IN_SOURCES ? "" : result.content();
      }
    }).endHandler(end -> {
      if (text[0] != null && end.status() == StreamEnd.Status.DONE) {
        String said = spoken(text[0], question.question());
        String bridge = bridge(script, turn, question.offset());
        token.emitIfActive(() -> vertx.eventBus().send(address,
            new PodcastAnswer(requestId, answerer.name(), said, other.name(), bridge)));
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

  /**
   * The host who was speaking answers, unless it was the first host (who asks): then the other host whose turns share
   * the most words with the question (the second host when none does).
   */
  static PodcastScript.Host answerer(PodcastScript script, PodcastScript.Turn turn, String question) {
    List<PodcastScript.Host> hosts = script.hosts();
    if (turn != null && !turn.host().equals(hosts.get(0).name())) {
      return script.host(turn.host());
    }
    Set<String> asked = contentWords(question);
    PodcastScript.Host best = hosts.get(1);
    long bestScore = 0;
    for (PodcastScript.Host h : hosts.subList(1, hosts.size())) {
      long score = script.turns().stream().filter(t -> t.host().equals(h.name()))
          .flatMap(t -> contentWords(t.text()).stream()).filter(asked::contains).count();
      if (score > bestScore) {
        best = h;
        bestScore = score;
      }
    }
    return best;
  }

  private static Set<String> contentWords(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() > 3 && !Phrases.DET.contains(w) && !Phrases.PREP.contains(w) && !Phrases.AUX.contains(w)
          && !Phrases.PRON.contains(w) && !Phrases.CONJ.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * The answer as a host says it ("" when it was not in the sources): at most two sentences (those closest to the
   * question, in their order) and at most about 35 words, about 12 seconds of speech.
   */
  static String spoken(String answer, String question) {
    String text = ScriptGenerator.groundedText(answer == null ? null : answer.trim());
    if (text == null) {
      return "I'm afraid the source doesn't say.";
    }
    List<String> sentences = Passages.sentences(text);
    if (sentences.size() <= 1) {
      return text.trim();
    }
    Set<String> asked = contentWords(question);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> -contentWords(sentences.get(i)).stream()
        .filter(asked::contains).count()).thenComparingInt(i -> i));
    List<Integer> kept = new ArrayList<>(order.subList(0, 1));
    if (OfflineScript.words(sentences.get(order.get(0))) + OfflineScript.words(sentences.get(order.get(1))) <= 35) {
      kept.add(order.get(1));
    }
    kept.sort(Integer::compare);
    return String.join(" ", kept.stream().map(sentences::get).toList());
  }

  private static String persona(PodcastScript script, PodcastScript.Host host, PodcastScript.Turn turn, int offset) {
    String context = turn == null ? "" : " The episode had just reached: \""
        + turn.text().substring(0, Math.min(turn.text().length(), Math.max(0, offset) + 40)) + "\".";
    return "You are " + host.name() + (host.persona() == null ? "" : ", " + host.persona())
        + ", a host of the podcast \"" + script.title() + "\". A listener interrupted with a question." + context
        + " Answer in one or two short spoken sentences, under 30 words, from the source. Start with the answer itself.";
  }

  /** The line back into the episode, naming what the interrupted turn was about at the heard word. */
  static String bridge(PodcastScript script, PodcastScript.Turn turn, int offset) {
    if (turn == null) {
      return "Anyway, back to where we were.";
    }
    Phrases phrases = new Phrases(script.source() == null || script.source().text() == null ? turn.text()
        : script.source().text());
    String heard = null;
    int at = 0;
    for (String sentence : Passages.sentences(turn.text())) {
      int start = turn.text().indexOf(sentence, at);
      at = Math.max(at, start + sentence.length());
      if (start <= Math.max(0, offset) || heard == null) {
        heard = sentence;
      }
    }
    String topic = heard == null ? null : phrases.topic(heard);
    if (topic == null) {
      topic = phrases.topic(turn.text());
    }
    return topic == null ? "Anyway, back to where we were." : "Back to " + topic + ", then.";
  }
}
