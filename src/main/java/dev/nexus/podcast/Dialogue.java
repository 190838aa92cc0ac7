package dev.nexus.podcast;

import dev.nexus.podcast.PodcastScript.Host;
import dev.nexus.podcast.PodcastScript.Turn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment written by a language model as a conversation: the prompt (each host's persona, the style's rules, the
 * length) and the check of the model's turns, JSON {@code [{"host","text"}]}: known hosts, non-empty turns, at least
 * two voices, about the right length, and no number or name that the source does not have.
 */
final class Dialogue {
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*\\d|\\d");
  private static final Pattern NAME = Pattern.compile("(?<![.!?:\"“]\\s)(?<!^)\\b\\p{Lu}\\p{Ll}+(?:\\s\\p{Lu}\\p{Ll}+)*");

  private Dialogue() {
  }

  /** How a style makes the hosts talk. */
  static String styleRules(String style, List<Host> hosts) {
    return switch (style) {
      case "brief" -> "Keep it short and direct: one fact per turn, one or two sentences a turn, no small talk.";
      case "debate" -> "This is a debate: " + hosts.get(1).name() + " argues for the source's main claim and "
          + (hosts.size() > 2 ? hosts.get(2).name() : hosts.get(0).name()) + " takes the opposing side. Each backs "
          + "their side with the source's evidence, they answer each other's arguments and disagree openly but "
          + "politely" + (hosts.size() > 2 ? "; " + hosts.get(0).name() + " moderates." : ".");
      default -> "This is a deep dive: explain what things mean and why they matter, and let the curious host ask "
          + "follow-up questions about the answers.";
    };
  }

  /** The system prompt for one segment of the episode. */
  static String system(ScriptGenerator.Request request, ScriptGenerator.Outline outline, int index, int words) {
    StringBuilder personas = new StringBuilder();
    for (Host h : request.hosts()) {
      personas.append("- ").append(h.name()).append(h.persona() == null ? "" : ": " + h.persona()).append('\n');
    }
    return "You write the dialogue of a podcast episode called \"" + outline.title() + "\". The hosts:\n" + personas
        + "Each host keeps their persona. The hosts talk to each other: they react to what the other said, follow up, "
        + "and hand over by name. " + styleRules(request.style(), request.hosts()) + " Use only facts from the source."
        + " This is segment " + (index + 1) + " of " + outline.segments().size() + (index == 0 ? "" : "; the hosts "
        + "have already welcomed the listeners") + ". Write about " + words + " words in all. Reply with a JSON array "
        + "only, one object per turn: [{\"host\": \"" + request.hosts().get(0).name() + "\", \"text\": \"...\"}, ...].";
  }

  /** The request for a segment: its title and the points it covers. */
  static String user(ScriptGenerator.OutlineSegment segment) {
    return "Segment: " + segment.title() + "\nPoints to cover:\n- " + String.join("\n- ", segment.points());
  }

  /** The request again, with what was wrong with the last answer. */
  static String repair(String problem, String user) {
    return "Your last answer could not be used: " + problem + ". Reply with the JSON array of turns only.\n\n" + user;
  }

  /** The model's turns, or an IllegalArgumentException saying everything that is wrong with them. */
  static List<Turn> parse(String answer, List<Host> hosts, String source, int words) {
    JsonArray raw = array(answer);
    List<String> problems = new ArrayList<>();
    List<Turn> turns = new ArrayList<>();
    Set<String> voices = new HashSet<>();
    int total = 0;
    Set<String> known = new LinkedHashSet<>(hosts.stream().map(Host::name).toList());
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.getValue(i) instanceof JsonObject t) || !(t.getValue("host") instanceof String name)
          || !(t.getValue("text") instanceof String text)) {
        problems.add("turn " + (i + 1) + " needs a \"host\" and a \"text\" string");
        continue;
      }
      Host host = hosts.stream().filter(h -> h.name().equalsIgnoreCase(name.trim())).findFirst().orElse(null);
      if (host == null) {
        problems.add("turn " + (i + 1) + " has an unknown host '" + name + "' (the hosts are " + String.join(", ", known)
            + ")");
      } else if (text.isBlank()) {
        problems.add("turn " + (i + 1) + " is empty");
      } else {
        String unsourced = unsourced(text.trim(), source, known);
        if (unsourced != null) {
          problems.add("turn " + (i + 1) + " says " + unsourced + ", which the source does not");
        }
        turns.add(Turn.of(host.name(), text.trim()));
        voices.add(host.name());
        total += OfflineScript.words(text);
      }
    }
    if (problems.isEmpty() && voices.size() < 2) {
      problems.add("only one host speaks; it must be a conversation");
    }
    if (problems.isEmpty() && (total < words / 2 || total > words * 7 / 4)) {
      problems.add("it has " + total + " words; write about " + words);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return turns;
  }

  private static JsonArray array(String answer) {
    int start = answer == null ? -1 : answer.indexOf('[');
    int end = answer == null ? -1 : answer.lastIndexOf(']');
    int brace = answer == null ? -1 : answer.indexOf('{');
    try {
      if (brace >= 0 && (start < 0 || brace < start)) { // {"turns": [...]}
        JsonObject wrapped = new JsonObject(answer.substring(brace, answer.lastIndexOf('}') + 1));
        if (wrapped.getValue("turns") instanceof JsonArray turns) {
          return nonEmpty(turns);
        }
      }
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("no JSON array of turns in the answer");
      }
      return nonEmpty(new JsonArray(answer.substring(start, end + 1)));
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
    }
  }

  private static JsonArray nonEmpty(JsonArray turns) {
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("the array of turns is empty");
    }
    return turns;
  }

  /** A number or a name in the text that the source does not have, or null. */
  static String unsourced(String text, String source, Set<String> hosts) {
    String digits = source.replaceAll("(?<=\\d),(?=\\d{3})", "");
    Matcher n = NUMBER.matcher(text.replaceAll("(?<=\\d),(?=\\d{3})", ""));
    while (n.find()) {
      String number = n.group().replaceAll("[.,]$", "");
      if (!Pattern.compile("(?<![\\d.])" + Pattern.quote(number) + "(?![\\d])").matcher(digits).find()) {
        return number;
      }
    }
    String lower = source.toLowerCase(Locale.ROOT);
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      String name = m.group();
      if (!lower.contains(name.toLowerCase(Locale.ROOT)) && !hosts.contains(name) && !name.equals("I")
          && Phrases.DET.stream().noneMatch(d -> d.equalsIgnoreCase(name))) {
        return name;
      }
    }
    return null;
  }
}
