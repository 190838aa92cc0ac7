package dev.nexus.podcast;

import dev.nexus.podcast.PodcastScript.Host;
import dev.nexus.podcast.PodcastScript.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The script without a generative model (the offline {@code grounded} engine): the hosts say only what the source
 * says. The source's statements become points, each with the question it answers; a point's following sentences
 * that lean on it ("It ...", "But ...") stay with it. The styles differ: {@code brief} asks and answers in one
 * sentence; {@code deep_dive} adds the details through follow-up questions and reacts; in a {@code debate} one host
 * makes a point and another answers it with another part of the source. Points are spread over the source until
 * the episode reaches its length.
 */
final class OfflineScript {
  /** A statement of the source and the sentences after it that depend on it. */
  record Point(String sentence, List<String> details, String question) {
  }

  private static final Set<String> LEANING = Set.of("it", "its", "this", "these", "that", "those", "they", "their",
      "he", "she", "his", "her", "but", "however", "also", "so", "then", "later", "because", "yet", "still",
      "afterwards", "eventually", "finally", "thus", "therefore");

  private final ScriptGenerator.Request request;
  private final Phrases phrases;
  private final Questions questions;
  private final List<Host> hosts;
  private final String style;
  private int answerer;

  OfflineScript(ScriptGenerator.Request request) {
    this.request = request;
    this.phrases = new Phrases(request.source().text());
    this.questions = new Questions(phrases, request.source().text().hashCode());
    this.hosts = request.hosts();
    this.style = request.style();
  }

  /** The whole script; fails when the source has no statement to make an episode from. */
  PodcastScript write() {
    List<Point> points = points(request.source().text());
    if (points.isEmpty()) {
      throw new IllegalStateException("the source has nothing in it to talk about: no statement with a phrase to ask about");
    }
    points = select(points, (int) Math.round(request.minutes() * ScriptGenerator.SPOKEN_WPM) - 45);
    String title = title(request.source().text(), points);
    int segmentCount = Math.max(1, Math.min(ScriptGenerator.segmentCount(request.minutes()),
        points.size() / ("debate".equals(style) ? 2 : 1) / 2));
    List<PodcastScript.Segment> segments = new ArrayList<>();
    Set<String> titles = new HashSet<>(Set.of(title.toLowerCase(Locale.ROOT)));
    for (int s = 0; s < segmentCount; s++) {
      List<Point> group = points.subList(s * points.size() / segmentCount, (s + 1) * points.size() / segmentCount);
      String segmentTitle = segmentTitle(group, titles, s == 0 ? title : null);
      segments.add(new PodcastScript.Segment(segmentTitle, segment(group, s, segmentTitle)));
    }
    return ScriptGenerator.framed(request, title, segments);
  }

  /** The source's statements as points, each with the question it answers. */
  List<Point> points(String source) {
    List<String> sentences = Phrases.sentencesOf(source).stream()
        .filter(s -> s.matches(".*[.!][\"”’']?") && words(s) >= 4 && words(s) <= 70).toList();
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      String question = questions.about(sentences.get(i));
      List<String> details = new ArrayList<>();
      while (i + 1 < sentences.size() && details.size() < 2 && leans(sentences.get(i + 1))) {
        details.add(sentences.get(++i));
      }
      if (question != null) {
        out.add(new Point(sentences.get(i - details.size()), details, question));
      } else if (!out.isEmpty() && out.get(out.size() - 1).details().size() < 2) {
        Point last = out.remove(out.size() - 1); // a sentence with nothing to ask about joins the point before it
        List<String> more = new ArrayList<>(last.details());
        more.add(sentences.get(i - details.size()));
        more.addAll(details);
        out.add(new Point(last.sentence(), more, last.question()));
      }
    }
    return out;
  }

  private static boolean leans(String sentence) {
    String first = sentence.split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return LEANING.contains(first);
  }

  /** As many points as fit the length, spread evenly over the source, in its order. */
  private List<Point> select(List<Point> points, int words) {
    int total = points.stream().mapToInt(this::cost).sum();
    if (total <= words) {
      return points;
    }
    int keep = Math.max(1, (int) Math.round((double) points.size() * words / total));
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < keep; i++) {
      out.add(points.get(i * points.size() / keep));
    }
    return out;
  }

  /** About how long a point takes in this style, in words (a pause between turns counts as one). */
  private int cost(Point p) {
    int question = words(p.question()) + 2;
    return switch (style) {
      case "brief" -> question + words(p.sentence());
      case "debate" -> question + words(p.sentence()) + 10;
      default -> question + 3 + words(p.sentence()) + p.details().stream().mapToInt(d -> words(d) + 7).sum();
    };
  }

  /** The source's own headline (a short first line without a full stop), else what its first points are about. */
  private String title(String source, List<Point> points) {
    String first = source.strip().split("\n", 2)[0].strip();
    if (!first.matches(".*[.!?:;,]") && words(first) >= 2 && words(first) <= 12) {
      return first;
    }
    for (Point p : points) {
      String topic = phrases.topic(p.sentence());
      if (topic != null) {
        return Questions.capital(topic);
      }
    }
    return "What the source says";
  }

  private String segmentTitle(List<Point> group, Set<String> used, String episodeTitle) {
    for (Point p : group) {
      for (String sentence : List.of(p.sentence())) {
        String topic = phrases.topic(sentence);
        if (topic != null && (used.add(topic.toLowerCase(Locale.ROOT)) || topic.equalsIgnoreCase(episodeTitle))) {
          return Questions.capital(topic);
        }
      }
    }
    return episodeTitle != null ? episodeTitle : "More from the source";
  }

  private List<Turn> segment(List<Point> group, int index, String title) {
    List<Turn> turns = new ArrayList<>();
    Host host = hosts.get(0);
    String opening = index == 0 ? "" : "Let's move on to " + Questions.lowerFirst(title, phrases) + ". ";
    if ("debate".equals(style)) {
      for (int i = 0; i < group.size(); i += 2) {
        debate(turns, group.get(i), i + 1 < group.size() ? group.get(i + 1) : null, i == 0 ? opening : "");
      }
      return turns;
    }
    String previousAnswer = null;
    for (int i = 0; i < group.size(); i++) {
      Point p = group.get(i);
      Host next = nextAnswerer();
      boolean named = i == 0 || hosts.size() > 2;
      String lead = i == 0 ? opening : react(previousAnswer);
      String question = named ? next.name() + ", " + Questions.lowerFirst(p.question(), phrases) : p.question();
      turns.add(Turn.of(host.name(), (lead + question).trim()));
      turns.add(Turn.of(next.name(), p.sentence()));
      previousAnswer = p.sentence();
      if ("deep_dive".equals(style)) {
        for (String detail : p.details()) {
          turns.add(Turn.of(host.name(), (react(previousAnswer) + questions.followUp(detail)).trim()));
          turns.add(Turn.of(next.name(), detail));
          previousAnswer = detail;
        }
      }
    }
    return turns;
  }

  /** A brief reaction to an answer in a deep dive: an echo of its count, or a short word; brief has none. */
  private String react(String answer) {
    if (!"deep_dive".equals(style) || answer == null) {
      return "";
    }
    String echo = questions.echo(answer);
    return (echo != null ? echo : questions.reaction()) + " ";
  }

  /** One exchange of a debate: the moderator asks, one host makes the point, another answers it with the source. */
  private void debate(List<Turn> turns, Point point, Point other, String opening) {
    Host moderator = hosts.get(0);
    Host first = nextAnswerer();
    Host second = hosts.size() > 2 ? nextAnswerer() : moderator;
    turns.add(Turn.of(moderator.name(), (opening + first.name() + ", "
        + Questions.lowerFirst(point.question(), phrases)).trim()));
    turns.add(Turn.of(first.name(), point.sentence()));
    if (other != null) {
      String handOver = second == moderator ? "" : second.name() + ", do you see it the same way? ";
      if (!handOver.isEmpty()) {
        turns.add(Turn.of(moderator.name(), handOver.trim()));
      }
      turns.add(Turn.of(second.name(), questions.counter() + " " + other.sentence()));
      String detail = point.details().isEmpty() ? null : point.details().get(0);
      if (detail != null) {
        turns.add(Turn.of(first.name(), "Maybe, but there's more to it. " + detail));
      }
    }
  }

  private Host nextAnswerer() {
    Host h = hosts.get(1 + answerer % (hosts.size() - 1));
    answerer++;
    return h;
  }

  static int words(String text) {
    return text.isBlank() ? 0 : text.trim().split("\\s+").length;
  }
}
