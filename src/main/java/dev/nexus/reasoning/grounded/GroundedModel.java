package dev.nexus.reasoning.grounded;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import dev.nexus.knowledge.Embedder;
import dev.nexus.knowledge.Passages;
import dev.nexus.reasoning.LanguageModel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The offline default engine. It needs no downloaded model: it answers from the conversation's own
 * knowledge (system messages, documents, earlier tool results) by retrieving the sentences closest in
 * meaning to the question with real sentence embeddings, and it recognises tool intents (arithmetic,
 * time, search) and calls the tools through the same tool-calling path as a real model. It is
 * deterministic: the same conversation always gets the same answer.
 */
public final class GroundedModel implements LanguageModel {
  /** The model id clients name. */
  public static final String MODEL = "nexus-grounded";
  /** How an answer from the material begins. */
  public static final String FROM_MATERIAL = "From what I have: ";
  /** Sentences of a system message that speak to the assistant (its role, how to answer) are not knowledge. */
  private static final java.util.regex.Pattern INSTRUCTION = java.util.regex.Pattern.compile(
      "(?i)^(you|you're|your|answer|reply|respond|use|be|keep|speak|talk|do|don't|never|always|plan|write|act|"
          + "pretend|imagine|remember|avoid|only|please)\\b.*");
  /** The answer when no source sentence is relevant to the question. */
  public static final String NO_KNOWLEDGE = "My sources don't say anything about that. I can only speak to what they cover.";

  private final Embedder embedder;
  private final Function<Callable<Reply>, Future<Reply>> blocking;
  private final int topSentences;
  private final double minScore;
  private final Map<String, float[]> cache = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > 20_000;
        }
      });

  /**
   * @param blocking runs blocking work (embedding) off the event loop
   * @param topSentences how many retrieved sentences an answer quotes at most
   * @param minScore the least cosine similarity for a sentence to count as relevant
   */
  public GroundedModel(Embedder embedder, Function<Callable<Reply>, Future<Reply>> blocking, int topSentences,
      double minScore) {
    this.embedder = embedder;
    this.blocking = blocking;
    this.topSentences = topSentences;
    this.minScore = minScore;
  }

  @Override
  public String name() {
    return "grounded";
  }

  @Override
  public List<String> models() {
    return List.of(MODEL);
  }

  @Override
  public Future<Reply> generate(Call call, Sink sink) {
    return blocking.apply(() -> respond(call, sink));
  }

  private Reply respond(Call call, Sink sink) {
    List<ChatMessage> messages = call.messages();
    int userAt = lastIndexOf(messages, "user");
    String question = userAt < 0 ? "" : undoRepetition(messages.get(userAt).content());
    int promptTokens = messages.stream().mapToInt(m -> LanguageModel.roughTokens(m.content())).sum();

    List<ChatMessage> toolResults = new ArrayList<>();
    for (int i = userAt + 1; i < messages.size(); i++) {
      if (messages.get(i).role().equals("tool")) {
        toolResults.add(messages.get(i));
      }
    }
    if (toolResults.isEmpty() && !"none".equals(call.toolChoice())) {
      ToolCall toolCall = chooseTool(question, call.tools(), call.toolChoice());
      if (toolCall != null) {
        return new Reply(null, List.of(toolCall), "tool_calls", promptTokens, 0);
      }
    }
    String answer = toolResults.isEmpty() ? answerFromKnowledge(question, messages, userAt)
        : answerFromTools(question, toolResults, messages);
    return stream(answer, call.maxTokens(), sink, promptTokens);
  }

  /** Prompt repetition sends the question twice; answer the question once. */
  static String undoRepetition(String content) {
    if (content == null) {
      return "";
    }
    for (String sep : new String[] {"\n\n", "\n", " "}) {
      int len = (content.length() - sep.length()) / 2;
      if (len > 0 && (content.length() - sep.length()) % 2 == 0
          && content.substring(0, len).equals(content.substring(len + sep.length()))
          && content.startsWith(sep, len)) {
        return content.substring(0, len);
      }
    }
    return content;
  }

  private ToolCall chooseTool(String question, List<ToolSpec> tools, String toolChoice) {
    if (tools.isEmpty()) {
      return null;
    }
    IntentParser.Intent intent = IntentParser.parse(question);
    String forced = toolChoice != null && !toolChoice.equals("auto") && !toolChoice.equals("required") ? toolChoice : null;
    if (intent != null) {
      String tool = intent.tool();
      if (tool.equals("search")) {
        tool = has(tools, "web_search") ? "web_search" : "document_search";
      }
      if ((forced == null || forced.equals(tool)) && has(tools, tool)) {
        return new ToolCall(callId(), tool, new JsonObject(intent.arguments()).encode());
      }
    }
    if (forced != null && has(tools, forced)) {
      ToolSpec spec = tools.stream().filter(t -> t.name().equals(forced)).findFirst().orElseThrow();
      return new ToolCall(callId(), forced, new JsonObject().put(questionArgument(spec), question).encode());
    }
    if ("required".equals(toolChoice)) {
      String name = has(tools, "document_search") ? "document_search" : tools.get(0).name();
      return new ToolCall(callId(), name, new JsonObject().put("query", question).encode());
    }
    return null;
  }

  /** Where a forced tool takes the question: "query", else its first required string argument (an MCP tool's). */
  static String questionArgument(ToolSpec spec) {
    JsonObject schema = new JsonObject(spec.parameters() == null ? java.util.Map.of() : spec.parameters());
    Object rawProperties = schema.getValue("properties");
    if (!(rawProperties instanceof JsonObject properties) || properties.containsKey("query")) {
      return "query";
    }
    Object required = schema.getValue("required");
    if (required instanceof io.vertx.core.json.JsonArray names) {
      for (Object name : names) {
        Object property = properties.getValue(String.valueOf(name));
        if (property instanceof JsonObject p && "string".equals(p.getValue("type"))) {
          return String.valueOf(name);
        }
      }
    }
    return "query";
  }

  private static boolean has(List<ToolSpec> tools, String name) {
    return tools.stream().anyMatch(t -> t.name().equals(name));
  }

  private static String callId() {
    return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  private static int lastIndexOf(List<ChatMessage> messages, String role) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals(role)) {
        return i;
      }
    }
    return -1;
  }

  private String answerFromTools(String question, List<ChatMessage> results, List<ChatMessage> messages) {
    StringBuilder answer = new StringBuilder();
    for (ChatMessage result : results) {
      String name = result.name() != null ? result.name() : toolName(messages, result.toolCallId());
      String content = result.content() == null ? "" : result.content();
      if (answer.length() > 0) {
        answer.append(' ');
      }
      answer.append(switch (name) {
        case "calculator" -> calculatorAnswer(question, content);
        case "clock" -> clockAnswer(content);
        case "document_search", "web_search" -> searchAnswer(content);
        default -> "The " + name + " tool says: " + content;
      });
    }
    return answer.toString();
  }

  /** OpenAI clients send tool results by call id only: the name is on the assistant's call. */
  private static String toolName(List<ChatMessage> messages, String callId) {
    for (ChatMessage m : messages) {
      for (ToolCall c : m.toolCalls()) {
        if (c.id() != null && c.id().equals(callId)) {
          return c.name();
        }
      }
    }
    return "tool";
  }

  private static boolean looksLikeError(String content) {
    try {
      Double.parseDouble(content);
      return false;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static String calculatorAnswer(String question, String content) {
    if (looksLikeError(content)) {
      return "I couldn't work that out: " + content + ".";
    }
    IntentParser.Intent intent = IntentParser.arithmetic(question);
    String phrase = intent == null ? "The result" : intent.phrase();
    return phrase + " is " + content + ".";
  }

  private static String clockAnswer(String content) {
    try {
      JsonObject now = new JsonObject(content);
      return "It's " + now.getString("spoken") + " (" + now.getString("timezone") + ").";
    } catch (RuntimeException e) {
      return "I couldn't read the clock: " + content + ".";
    }
  }

  private static String searchAnswer(String content) {
    JsonArray results;
    try {
      results = new JsonObject(content).getJsonArray("results", new JsonArray());
    } catch (RuntimeException e) {
      return "The search didn't work: " + content + ".";
    }
    if (results.isEmpty()) {
      return "I searched, but found nothing on that.";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(2, results.size()); i++) {
      JsonObject r = results.getJsonObject(i);
      String text = r.getString("text", r.getString("snippet", ""));
      String title = r.getString("title", "");
      out.append(i == 0 ? "" : " ").append(title.isBlank() ? "" : "According to " + title + ": ").append(text);
    }
    return out.toString();
  }

  /** True for a sentence that tells the assistant what to be or do, rather than stating a fact. */
  static boolean isInstruction(String sentence) {
    return INSTRUCTION.matcher(sentence.trim()).matches();
  }

  private record Scored(String sentence, int position, double score) {
  }

  private String answerFromKnowledge(String question, List<ChatMessage> messages, int userAt) {
    if (question.isBlank()) {
      return "I'm listening. What would you like to know?";
    }
    if (question.matches("(?i)^\\s*(hi|hello|hey|good (morning|afternoon|evening))\\b[!. ]*(there)?[!. ]*$")) {
      return "Hello! I'm Nexus. Ask me about the material I've been given, or ask me to calculate something or "
          + "tell you the time.";
    }
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      boolean knowledge = m.role().equals("system") || m.role().equals("developer")
          || (m.role().equals("tool") && i < userAt);
      if (knowledge && m.content() != null) {
        Passages.sentences(m.content()).stream().filter(x -> m.role().equals("tool") || !isInstruction(x))
            .forEach(sentences::add);
      }
    }
    if (sentences.isEmpty()) {
      return "I don't have any material about that yet. Give me a document or a topic to work from, "
          + "or ask me to calculate something or tell you the time.";
    }
    float[] q = embedder.embed(question);
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      String s = sentences.get(i);
      float[] v = cache.computeIfAbsent(s, embedder::embed);
      scored.add(new Scored(s, i, Embedder.cosine(q, v)));
    }
    List<Scored> best = scored.stream().filter(s -> s.score() >= minScore)
        .sorted(Comparator.comparingDouble(Scored::score).reversed()).limit(topSentences)
        .sorted(Comparator.comparingInt(Scored::position)).toList();
    if (best.isEmpty()) {
      return NO_KNOWLEDGE;
    }
    StringBuilder answer = new StringBuilder(FROM_MATERIAL);
    for (int i = 0; i < best.size(); i++) {
      answer.append(i == 0 ? "" : " ").append(best.get(i).sentence());
    }
    return answer.toString();
  }

  private static Reply stream(String answer, Integer maxTokens, Sink sink, int promptTokens) {
    List<String> pieces = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*\\S+").matcher(answer);
    while (m.find()) {
      pieces.add(m.group());
    }
    StringBuilder sent = new StringBuilder();
    int limit = maxTokens == null ? Integer.MAX_VALUE : maxTokens;
    for (int i = 0; i < pieces.size(); i++) {
      if (i >= limit) {
        return new Reply(sent.toString(), List.of(), "length", promptTokens, i);
      }
      if (!sink.token(pieces.get(i))) {
        return new Reply(sent.toString(), List.of(), "cancelled", promptTokens, i);
      }
      sent.append(pieces.get(i));
    }
    return new Reply(sent.toString(), List.of(), "stop", promptTokens, pieces.size());
  }
}
