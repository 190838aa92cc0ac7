package dev.nexus.reasoning.grounded;

import dev.nexus.bus.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Small talk and help: greetings, how-are-you, who it is, what it can do (naming its tools and how to give it
 * documents), thanks and goodbye. Each gets a short, friendly reply, varied from turn to turn but the same for the
 * same conversation. It also words the one-sentence refusal, saying what the engine can do instead.
 */
final class SmallTalk {
  private static final String NAME = "( nexus| assistant| there| friend)?";

  enum Kind {
    GREETING("(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))( there| everyone| all)?"),
    HOW_ARE_YOU("how are you( doing)?( today)?|how's it going|how is it going|how do you do|what's up|whats up|"
        + "how are things"),
    IDENTITY("who are you|what are you|what's your name|whats your name|what is your name|who am i (talking|"
        + "speaking) (to|with)|are you (a |an )?(robot|bot|human|person|ai|real|machine)|introduce yourself|"
        + "tell me about yourself"),
    ABILITIES("what (can|could) you do|what do you do|what (can|could) you help (me )?with|how can you help( me)?|"
        + "(can you )?help( me)?( please)?|what are you (able to do|good at|for)|how do you work|how does this work|"
        + "how do i (give|send|upload|add|share) (you )?(a |my |some )?(document|documents|material|file|files|text)"
        + "( with you| to you)?|what can i ask( you)?|what are your (features|abilities|skills)|what tools do you have"),
    THANKS("(thank you|thanks|thank you very much|thanks a lot|many thanks|cheers|much appreciated|ta)"
        + "( very much| so much| a lot)?( for (that|your help|the help))?"),
    GOODBYE("(bye|goodbye|good bye|bye bye|see you|see ya|good night|farewell|talk (to you )?later|that's all|"
        + "that is all|i'm done|i am done)( later| soon| for now| then)?");

    final Pattern pattern;

    Kind(String regex) {
      this.pattern = Pattern.compile("(?:" + regex + ")" + NAME);
    }
  }

  private static final Pattern FILLER = Pattern.compile("^(oh|well|ok|okay|so|and|um|uh|hey)\\s+");

  private SmallTalk() {
  }

  /** The kinds of small talk in the message, in order; empty unless every part of it is small talk. */
  static List<Kind> kinds(String message) {
    Set<Kind> kinds = new LinkedHashSet<>();
    for (String part : message.toLowerCase(Locale.ROOT).replace('’', '\'').split("[.!?,;:]+")) {
      String p = FILLER.matcher(part.replaceAll("\\s+", " ").trim()).replaceFirst("").trim();
      if (p.isEmpty()) {
        continue;
      }
      Kind kind = null;
      for (Kind k : Kind.values()) {
        if (k.pattern.matcher(p).matches()) {
          kind = k;
          break;
        }
      }
      if (kind == null) {
        return List.of();
      }
      kinds.add(kind);
    }
    return List.copyOf(kinds);
  }

  /** The reply to a message that is all small talk, or null; {@code turn} varies the wording between turns. */
  static String reply(String message, List<ToolSpec> tools, int turn) {
    List<Kind> kinds = kinds(message);
    if (kinds.isEmpty()) {
      return null;
    }
    int pick = Math.floorMod(message.trim().toLowerCase(Locale.ROOT).hashCode() + turn, 3);
    List<String> parts = new ArrayList<>();
    for (Kind kind : kinds) {
      parts.add(switch (kind) {
        case GREETING -> choose(pick, "Hello! I'm Nexus.", "Hi there, I'm Nexus.", "Hey! Nexus here.");
        case HOW_ARE_YOU -> choose(pick, "I'm doing well, thanks for asking.", "All good here, thank you.",
            "Very well, thanks.");
        case IDENTITY -> choose(pick, "I'm Nexus, an offline assistant that answers from the material you give me.",
            "My name is Nexus; I answer from your material and never make things up.",
            "I'm Nexus, a voice assistant that runs entirely on this server.");
        case ABILITIES -> "I can " + abilities(tools) + ". To give me a document, put its text in my instructions or "
            + "add it at /v1/documents, then ask me about it.";
        case THANKS -> choose(pick, "You're welcome!", "Glad I could help.", "Any time.");
        case GOODBYE -> choose(pick, "Goodbye!", "Bye for now, talk soon.", "See you later!");
      });
    }
    if (kinds.size() == 1 && kinds.get(0) == Kind.GREETING) {
      parts.add(choose(pick, "What can I do for you?", "How can I help?", "What would you like to know?"));
    }
    return String.join(" ", parts);
  }

  private static String choose(int pick, String... options) {
    return options[pick % options.length];
  }

  /** What the engine can do with these tools: "answer questions ..., do arithmetic, tell you the time ...". */
  static String abilities(List<ToolSpec> tools) {
    List<String> can = new ArrayList<>();
    can.add("answer questions from the material you give me");
    can.add("do arithmetic, in words or digits");
    can.addAll(toolAbilities(tools));
    return join(can, "and");
  }

  private static List<String> toolAbilities(List<ToolSpec> tools) {
    List<String> can = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (ToolSpec tool : tools) {
      switch (tool.name()) {
        case "calculator" -> { }
        case "clock" -> can.add("tell you the time and date");
        case "document_search" -> can.add("search your documents");
        case "web_search" -> can.add("search the web");
        default -> others.add(tool.name());
      }
    }
    if (!others.isEmpty()) {
      can.add("call your tools (" + String.join(", ", others) + ")");
    }
    return can;
  }

  /** The refusal, one sentence: the sources don't hold the answer, and what the engine can do instead. */
  static String refusal(boolean hasMaterial, List<ToolSpec> tools) {
    List<String> instead = new ArrayList<>();
    instead.add("do arithmetic");
    toolAbilities(tools).stream().filter(a -> !a.startsWith("call")).forEach(instead::add);
    if (hasMaterial) {
      return "My sources don't cover that, but I can answer about what they do cover, or " + join(instead, "or") + ".";
    }
    return "I don't have any material on that yet; give me a document and I'll answer from it, or ask me to "
        + join(instead, "or") + ".";
  }

  private static String join(List<String> items, String conjunction) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.get(items.size() - 1);
  }
}
