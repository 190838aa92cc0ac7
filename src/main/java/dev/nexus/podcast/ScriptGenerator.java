package dev.nexus.podcast;

import dev.nexus.knowledge.Passages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Writes a podcast script with the reasoning stage: an outline first (JSON from the model, repaired
 * once if malformed, else an outline taken from the source itself), then for each point a host's
 * question and another host's answer from the source. Answers that repeat what the episode already
 * said, or that the model could not ground, are dropped rather than padded.
 */
final class ScriptGenerator {
  /** One request to the reasoning stage; {@code tools}: the server's tools may be used. */
  interface Chat {
    Future<String> ask(List<String> system, String user, boolean tools);
  }

  /** What to make: a source and its text, a length, a style and the hosts. */
  record Request(String id, PodcastScript.Source source, double minutes, String style,
      List<PodcastScript.Host> hosts) {
  }

  /** An outline: a title and segments, each with the points it covers. */
  record Outline(String title, List<OutlineSegment> segments) {
  }

  record OutlineSegment(String title, List<String> points) {
  }

  static final int WORDS_PER_MINUTE = 150;
  private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at",
      "for", "with", "by", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
      "these", "those", "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "my", "me",
      "not", "no", "so", "than", "then", "there", "here", "what", "which", "who", "whom", "when", "where", "why", "how",
      "all", "any", "each", "more", "most", "other", "some", "such", "only", "own", "same", "too", "very", "can", "will",
      "just", "do", "does", "did", "has", "have", "had", "into", "over", "after", "before", "about", "also", "would",
      "could", "should", "may", "might", "must", "one", "two", "many", "much", "said", "says", "like", "through");

  private final Chat chat;
  private final DoubleConsumer progress;

  ScriptGenerator(Chat chat, DoubleConsumer progress) {
    this.chat = chat;
    this.progress = progress;
  }

  Future<PodcastScript> generate(Request request) {
    return outline(request).compose(outline -> writeTurns(request, outline));
  }

  // ---------------------------------------------------------------- outline

  private Future<Outline> outline(Request request) {
    int segments = segmentCount(request.minutes());
    String system = "You plan podcast episodes. Reply with JSON only, in this shape: {\"title\": \"...\", "
        + "\"segments\": [{\"title\": \"...\", \"points\": [\"a question the hosts discuss\", ...]}]}. "
        + "Plan " + segments + " segments of two to four points for a " + request.style() + " episode of about "
        + Math.round(request.minutes()) + " minutes. Use only facts from the source.";
    String user = "Source:\n" + excerpt(request.source().text(), 12_000);
    return chat.ask(List.of(system), user, false)
        .map(ScriptGenerator::parseOutline)
        .recover(first -> chat.ask(List.of(system), "Your last answer was not valid outline JSON ("
            + first.getMessage() + "). Reply with the JSON object only.\n\n" + user, false).map(ScriptGenerator::parseOutline))
        .recover(second -> Future.succeededFuture(extractiveOutline(request.source().text(), segments)));
  }

  static int segmentCount(double minutes) {
    return (int) Math.max(2, Math.min(8, Math.round(minutes / 1.5)));
  }

  /** The model's outline, or an IllegalArgumentException saying what is wrong with it. */
  static Outline parseOutline(String answer) {
    int start = answer == null ? -1 : answer.indexOf('{');
    int end = answer == null ? -1 : answer.lastIndexOf('}');
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("no JSON object in the answer");
    }
    JsonObject json;
    try {
      json = new JsonObject(answer.substring(start, end + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
    }
    if (!(json.getValue("title") instanceof String title) || title.isBlank()) {
      throw new IllegalArgumentException("'title' must be a non-empty string");
    }
    if (!(json.getValue("segments") instanceof JsonArray raw) || raw.isEmpty()) {
      throw new IllegalArgumentException("'segments' must be a non-empty array");
    }
    List<OutlineSegment> segments = new ArrayList<>();
    for (Object o : raw) {
      if (!(o instanceof JsonObject s) || !(s.getValue("title") instanceof String t) || t.isBlank()
          || !(s.getValue("points") instanceof JsonArray points) || points.isEmpty()) {
        throw new IllegalArgumentException("every segment needs a 'title' and non-empty 'points'");
      }
      List<String> texts = new ArrayList<>();
      for (Object p : points) {
        if (!(p instanceof String text) || text.isBlank()) {
          throw new IllegalArgumentException("points must be non-empty strings");
        }
        texts.add(text.trim());
      }
      segments.add(new OutlineSegment(t.trim(), texts));
    }
    return new Outline(title.trim(), segments);
  }

  /** An outline taken from the source itself: consecutive sentences grouped into segments, one point per sentence. */
  static Outline extractiveOutline(String source, int segmentCount) {
    List<String> sentences = Passages.sentences(source);
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("the source has no sentences to make an episode from");
    }
    int count = Math.min(segmentCount, sentences.size());
    List<OutlineSegment> segments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> group = sentences.subList(i * sentences.size() / count, (i + 1) * sentences.size() / count);
      String title = capitalise(keyPhrase(String.join(" ", group)));
      segments.add(new OutlineSegment(title, group.stream().map(ScriptGenerator::keyPhrase).distinct().toList()));
    }
    return new Outline(capitalise(keyPhrase(sentences.get(0))), segments);
  }

  /** The first run of two content words within a clause (else the first content word): what a text is about. */
  static String keyPhrase(String text) {
    String first = null;
    for (String clause : text.split("[,.;:!?()\\[\\]\"]")) {
      String[] words = clause.replaceAll("[^\\p{L}\\p{N}' -]", " ").trim().split("\\s+");
      for (int i = 0; i < words.length; i++) {
        if (content(words[i])) {
          first = first == null ? words[i] : first;
          if (i + 1 < words.length && content(words[i + 1])) {
            return words[i] + " " + words[i + 1];
          }
        }
      }
    }
    return first == null ? text.trim() : first;
  }

  private static boolean content(String word) {
    return word.length() > 2 && !STOP.contains(word.toLowerCase(Locale.ROOT));
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  // ---------------------------------------------------------------- turns

  private Future<PodcastScript> writeTurns(Request request, Outline outline) {
    List<PodcastScript.Host> hosts = request.hosts();
    int targetWords = (int) Math.max(60, request.minutes() * WORDS_PER_MINUTE);
    int points = outline.segments().stream().mapToInt(s -> s.points().size()).sum();
    State state = new State(targetWords, points);
    List<PodcastScript.Segment> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int s = 0; s < outline.segments().size(); s++) {
      OutlineSegment segment = outline.segments().get(s);
      int index = s;
      chain = chain.compose(v -> writeSegment(request, outline, segment, index, state).map(turns -> {
        if (!turns.isEmpty()) {
          done.add(new PodcastScript.Segment(segment.title(), turns));
        }
        return null;
      }));
    }
    return chain.map(v -> {
      if (done.isEmpty()) {
        throw new IllegalStateException("the reasoning stage found nothing in the source to talk about");
      }
      String names = String.join(", ", hosts.subList(1, hosts.size()).stream().map(PodcastScript.Host::name).toList());
      List<PodcastScript.Turn> first = new ArrayList<>();
      first.add(PodcastScript.Turn.of(hosts.get(0).name(), "Welcome to the show. I'm " + hosts.get(0).name()
          + ", and with me is " + names + ". Today: " + outline.title() + "."));
      first.addAll(done.get(0).turns());
      done.set(0, new PodcastScript.Segment(done.get(0).title(), first));
      List<PodcastScript.Turn> last = new ArrayList<>(done.get(done.size() - 1).turns());
      last.add(PodcastScript.Turn.of(hosts.get(0).name(), "That's all for today on " + outline.title()
          + ". Thanks for listening."));
      done.set(done.size() - 1, new PodcastScript.Segment(done.get(done.size() - 1).title(), last));
      return new PodcastScript(PodcastScript.VERSION, request.id(), outline.title(), request.source(), request.style(),
          request.minutes(), hosts, done, null);
    });
  }

  /** How far along the episode is. */
  private static final class State {
    final int targetWords;
    final int points;
    int words;
    int pointsDone;
    int answerer;
    final Set<String> usedSentences = new HashSet<>();

    State(int targetWords, int points) {
      this.targetWords = targetWords;
      this.points = points;
    }
  }

  private Future<List<PodcastScript.Turn>> writeSegment(Request request, Outline outline, OutlineSegment segment,
      int index, State state) {
    List<PodcastScript.Turn> turns = new ArrayList<>();
    List<PodcastScript.Host> hosts = request.hosts();
    Future<Void> chain = Future.succeededFuture();
    for (int p = 0; p < segment.points().size(); p++) {
      String point = segment.points().get(p);
      boolean opener = p == 0;
      chain = chain.compose(v -> {
        state.pointsDone++;
        if (state.words >= state.targetWords) {
          return Future.succeededFuture();
        }
        PodcastScript.Host asker = hosts.get(0);
        PodcastScript.Host answerer = hosts.get(1 + state.answerer % (hosts.size() - 1));
        String question = question(point, opener, index, answerer.name());
        return answer(request, outline, answerer, question, state).compose(answer -> {
          progress.accept(Math.min(1.0, Math.max((double) state.words / state.targetWords,
              (double) state.pointsDone / state.points)));
          if (answer == null) {
            return Future.succeededFuture();
          }
          state.answerer++;
          turns.add(PodcastScript.Turn.of(asker.name(), question));
          turns.add(PodcastScript.Turn.of(answerer.name(), answer));
          state.words += words(question) + words(answer);
          if (!"debate".equals(request.style()) || hosts.size() < 2) {
            return Future.succeededFuture();
          }
          // a debate: the next host takes another angle on the same point
          PodcastScript.Host other = hosts.get(hosts.size() > 2 ? 1 + state.answerer % (hosts.size() - 1) : 0);
          String challenge = "I'd push back a little. What does the source say against that, or beyond it?";
          return answer(request, outline, other, point + " " + challenge, state).map(counter -> {
            if (counter != null) {
              turns.add(PodcastScript.Turn.of(other.name(), counter));
              state.words += words(counter);
            }
            return null;
          });
        });
      });
    }
    return chain.map(v -> turns);
  }

  /** The host's question about a point: the model's own question when it wrote one, else one made from the point. */
  static String question(String point, boolean opener, int segment, String answerer) {
    if (point.endsWith("?")) {
      return opener ? answerer + ", " + Character.toLowerCase(point.charAt(0)) + point.substring(1) : point;
    }
    String[] templates = {"%s, what should listeners know about %s?", "So what is the story with %2$s?",
        "How does %2$s fit into all this?", "And what about %2$s?"};
    String template = opener ? templates[0] : templates[1 + (segment + point.length()) % 3];
    return String.format(Locale.ROOT, template, answerer, point);
  }

  /** A host's answer from the source, or null when there is nothing new to say. */
  private Future<String> answer(Request request, Outline outline, PodcastScript.Host host, String question, State state) {
    String persona = "You are " + host.name() + (host.persona() == null ? "" : ", " + host.persona())
        + ", a host of a podcast episode called \"" + outline.title() + "\". Answer your co-host in two or three "
        + "short spoken sentences, from the source only.";
    return chat.ask(List.of(persona, excerpt(request.source().text(), 24_000)), question, true)
        .map(answer -> fresh(answer, state))
        .otherwise(err -> null);
  }

  /** The answer without sentences the episode already said; null if nothing grounded and new is left. */
  static String fresh(String answer, State state) {
    if (answer == null || answer.isBlank()) { // blank: the answer was not grounded in the source
      return null;
    }
    Set<String> kept = new LinkedHashSet<>();
    String said = answer; // a host speaks the material as their own
    for (String sentence : Passages.sentences(said)) {
      String key = sentence.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
      if (!key.isEmpty() && state.usedSentences.add(key)) {
        kept.add(sentence);
      }
    }
    String text = String.join(" ", kept).trim();
    return words(text) < 3 ? null : text;
  }

  private static int words(String text) {
    return text.isBlank() ? 0 : text.trim().split("\\s+").length;
  }

  private static String excerpt(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
