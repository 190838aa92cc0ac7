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
 * Writes a podcast script with the reasoning stage. A model that can plan gets an outline (JSON, repaired once if
 * malformed), then writes each segment as a dialogue ({@link Dialogue}, repaired once; otherwise the segment falls
 * back to a host's question and another host's answer from the source, point by point). A model that cannot plan
 * (the offline {@code grounded} engine never does) gets the offline script ({@link OfflineScript}), which needs no
 * generative model. Nothing the episode already said, or that the model could not ground, is kept; an episode with
 * nothing to say fails rather than being padded.
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

  /** Words a minute of an episode holds: the synthesis speaks about 175 a minute, and the hosts pause between turns. */
  static final int WORDS_PER_MINUTE = 160;
  /** Words a minute the voices speak (espeak-ng about 169, flite's slt 181 and rms 162 on the same passage). */
  static final int SPOKEN_WPM = 175;
  /** The pause between turns the estimate of an episode's length allows for, in seconds. */
  static final double TURN_GAP_S = 0.35;

  private final Chat chat;
  private final DoubleConsumer progress;

  ScriptGenerator(Chat chat, DoubleConsumer progress) {
    this.chat = chat;
    this.progress = progress;
  }

  Future<PodcastScript> generate(Request request) {
    return outline(request).compose(outline -> {
      if (outline != null) {
        return writeTurns(request, outline);
      }
      PodcastScript script = new OfflineScript(request).write();
      progress.accept(1.0);
      return Future.succeededFuture(script);
    });
  }

  static int targetWords(double minutes) {
    return (int) Math.max(60, Math.round(minutes * WORDS_PER_MINUTE));
  }

  /** About how long the script takes to speak, in minutes. */
  static double estimatedMinutes(PodcastScript script) {
    int words = script.turns().stream().mapToInt(t -> OfflineScript.words(t.text())).sum();
    return words / (double) SPOKEN_WPM + script.turns().size() * TURN_GAP_S / 60;
  }

  /**
   * The status note when the episode falls short of its length because its source is short ("the source covers
   * about 1 minute"); null when it comes within a quarter of the minutes asked for.
   */
  static String lengthNote(PodcastScript script) {
    double minutes = estimatedMinutes(script);
    if (minutes >= script.minutes() * 0.75) {
      return null;
    }
    long rounded = Math.round(minutes);
    return "the source covers about " + (rounded < 1 ? "half a minute" : rounded == 1 ? "1 minute" : rounded + " minutes");
  }

  // ---------------------------------------------------------------- outline

  /** The model's outline; null when it cannot write one (then the episode is written offline). */
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
        .otherwise(second -> null);
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

  // ---------------------------------------------------------------- turns

  private Future<PodcastScript> writeTurns(Request request, Outline outline) {
    int points = outline.segments().stream().mapToInt(seg -> seg.points().size()).sum();
    State state = new State(targetWords(request.minutes()) - 30, points);
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
      return framed(request, outline.title(), done);
    });
  }

  /** The script with the hosts' welcome before its first segment and their goodbye after its last. */
  static PodcastScript framed(Request request, String title, List<PodcastScript.Segment> segments) {
    List<PodcastScript.Host> hosts = request.hosts();
    List<PodcastScript.Segment> done = new ArrayList<>(segments);
    String names = String.join(" and ", hosts.subList(1, hosts.size()).stream().map(PodcastScript.Host::name).toList());
    String welcome = "Welcome to the show. I'm " + hosts.get(0).name() + ", and with me is " + names + ". "
        + switch (request.style()) {
          case "brief" -> "The short version, today: " + title + ".";
          case "debate" -> "Today's debate: " + title + ", with the source's evidence on both sides.";
          default -> "Today's deep dive: " + title + ".";
        };
    List<PodcastScript.Turn> first = new ArrayList<>();
    first.add(PodcastScript.Turn.of(hosts.get(0).name(), welcome));
    first.addAll(done.get(0).turns());
    done.set(0, new PodcastScript.Segment(done.get(0).title(), first));
    List<PodcastScript.Turn> last = new ArrayList<>(done.get(done.size() - 1).turns());
    last.add(PodcastScript.Turn.of(hosts.get(0).name(), "That's all for today. Thanks for listening."));
    done.set(done.size() - 1, new PodcastScript.Segment(done.get(done.size() - 1).title(), last));
    return new PodcastScript(PodcastScript.VERSION, request.id(), title, request.source(), request.style(),
        request.minutes(), hosts, done, null);
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

  /** A segment as the model's dialogue, repaired once; else in the plain question-and-answer form. */
  private Future<List<PodcastScript.Turn>> writeSegment(Request request, Outline outline, OutlineSegment segment,
      int index, State state) {
    if (state.words >= state.targetWords) {
      return Future.succeededFuture(List.of());
    }
    int words = Math.max(40, (state.targetWords - state.words) / (outline.segments().size() - index));
    List<String> system = List.of(Dialogue.system(request, outline, index, words), excerpt(request.source().text(),
        24_000));
    String user = Dialogue.user(segment);
    return chat.ask(system, user, false)
        .map(answer -> Dialogue.parse(answer, request.hosts(), request.source().text(), words))
        .recover(first -> chat.ask(system, Dialogue.repair(first.getMessage(), user), false)
            .map(answer -> Dialogue.parse(answer, request.hosts(), request.source().text(), words)))
        .map(turns -> {
          state.words += turns.stream().mapToInt(t -> OfflineScript.words(t.text())).sum();
          state.pointsDone += segment.points().size();
          progress.accept(Math.min(1.0, (double) state.words / state.targetWords));
          return turns;
        })
        .recover(second -> questionsAndAnswers(request, outline, segment, index, state));
  }

  /** The plain form of a segment: for each point the first host asks, another host answers from the source. */
  private Future<List<PodcastScript.Turn>> questionsAndAnswers(Request request, Outline outline,
      OutlineSegment segment, int index, State state) {
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
        String question = question(point, opener, answerer.name());
        return answer(request, outline, answerer, question, state).compose(answer -> {
          progress.accept(Math.min(1.0, Math.max((double) state.words / state.targetWords,
              (double) state.pointsDone / state.points)));
          if (answer == null) {
            return Future.succeededFuture();
          }
          state.answerer++;
          turns.add(PodcastScript.Turn.of(asker.name(), question));
          turns.add(PodcastScript.Turn.of(answerer.name(), answer));
          state.words += OfflineScript.words(question) + OfflineScript.words(answer);
          if (!"debate".equals(request.style()) || hosts.size() < 2) {
            return Future.succeededFuture();
          }
          // a debate: the next host takes another angle on the same point
          PodcastScript.Host other = hosts.get(hosts.size() > 2 ? 1 + state.answerer % (hosts.size() - 1) : 0);
          String challenge = "I'd push back a little. What does the source say against that, or beyond it?";
          return answer(request, outline, other, point + " " + challenge, state).map(counter -> {
            if (counter != null) {
              turns.add(PodcastScript.Turn.of(other.name(), counter));
              state.words += OfflineScript.words(counter);
            }
            return null;
          });
        });
      });
    }
    return chain.map(v -> turns);
  }

  /** The host's question about a point: the model's own question when it wrote one, else one naming the point. */
  static String question(String point, boolean opener, String answerer) {
    String asked = point.endsWith("?") ? point : "What does the source say about this: " + point.replaceAll("[.!]+$", "")
        + "?";
    return opener ? answerer + ", " + Character.toLowerCase(asked.charAt(0)) + asked.substring(1) : asked;
  }

  /** A host's answer from the source, or null when there is nothing new to say. */
  private Future<String> answer(Request request, Outline outline, PodcastScript.Host host, String question, State state) {
    String persona = "You are " + host.name() + (host.persona() == null ? "" : ", " + host.persona())
        + ", a host of a podcast episode called \"" + outline.title() + "\". Answer your co-host in two or three "
        + "short spoken sentences, from the source only.";
    return chat.ask(List.of(persona, excerpt(request.source().text(), 24_000)), question, true)
        .map(answer -> fresh(answer, state.usedSentences))
        .otherwise(err -> null);
  }

  /** The answer without sentences the episode already said; null if nothing grounded and new is left. */
  static String fresh(String answer, Set<String> used) {
    String said = groundedText(answer);
    if (said == null) {
      return null;
    }
    Set<String> kept = new LinkedHashSet<>();
    for (String sentence : Passages.sentences(said)) {
      String key = sentence.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
      if (!key.isEmpty() && used.add(key)) {
        kept.add(sentence);
      }
    }
    String text = String.join(" ", kept).trim();
    return OfflineScript.words(text) < 3 ? null : text;
  }

  /** What an answer says from its sources; null when it is blank (the reasoning stage found nothing in them). */
  static String groundedText(String answer) {
    return answer == null || answer.isBlank() ? null : answer.trim();
  }

  private static String excerpt(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
