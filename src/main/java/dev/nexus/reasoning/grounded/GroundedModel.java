package dev.nexus.reasoning.grounded;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import dev.nexus.knowledge.Embedder;
import dev.nexus.knowledge.Passages;
import dev.nexus.reasoning.engine.LanguageModel;
import dev.nexus.text.ArithmeticPhrases;
import dev.nexus.text.Instructions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline default engine. It needs no downloaded model: it answers from the conversation's own
 * knowledge (system messages, documents, earlier tool results) by retrieving the sentences closest in
 * meaning to the question with real sentence embeddings; it reads arithmetic in words or digits and works it out
 * (through the calculator tool when it has one), recognises the other tool intents (time, search, a client's
 * tools by name) and calls the tools through the same tool-calling path as a real model, and it answers small
 * talk. It is deterministic (the same conversation always gets the same answer) and never invents a fact: a
 * question its sources do not answer gets a one-sentence refusal that says what it can do instead.
 */
public final class GroundedModel implements LanguageModel {
  /** The model id clients name. */
  public static final String MODEL = "nexus-grounded";
  private static final Pattern WORDS = Pattern.compile("\\s*\\S+");

  private final Embedder embedder;
  private final Function<Callable<Reply>, Future<Reply>> blocking;
  private final int topSentences;
  private final double minScore;
  private final Map<String, float[]> cache = Collections.synchronizedMap(
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

  @Override
  public boolean judgesGrounding() {
    return true;
  }

  /** An answer and whether it rests on the sources. */
  private record Answer(String text, Grounding grounding) {
  }

  private Reply respond(Call call, Sink sink) {
    // the reasoning capability's request for a sentinel is an instruction, not knowledge; it is followed below
    List<ChatMessage> messages = call.messages().stream().filter(m -> !isSourcesInstruction(m)).toList();
    boolean sentinel = messages.size() < call.messages().size();
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
        return new Reply(null, List.of(toolCall), "tool_calls", promptTokens, 0, null);
      }
    }
    Answer answer = toolResults.isEmpty() ? answer(question, messages, userAt, call.tools())
        : new Answer(ToolAnswers.fromTools(question, toolResults, messages), Grounding.GROUNDED);
    if (sentinel && answer.grounding() == Grounding.NOT_IN_SOURCES) {
      answer = new Answer(NOT_IN_SOURCES, Grounding.NOT_IN_SOURCES);
    }
    return stream(answer, call.maxTokens(), sink, promptTokens);
  }

  private static boolean isSourcesInstruction(ChatMessage m) {
    return m.role().equals("system") && SOURCES_INSTRUCTION.equals(m.content());
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
    ToolSpec chosen = forced != null ? spec(tools, forced) : null;
    if (forced == null && intent == null) {
      chosen = ToolArguments.named(tools.stream().filter(t -> !BUILT_IN.contains(t.name())).toList(), question);
    }
    if (chosen == null && "required".equals(toolChoice)) {
      chosen = has(tools, "document_search") ? spec(tools, "document_search") : tools.get(0);
    }
    if (chosen == null) {
      return null;
    }
    return new ToolCall(callId(), chosen.name(),
        ToolArguments.fill(chosen, question, LocalDate.now(ZoneOffset.UTC)).encode());
  }

  private static final List<String> BUILT_IN = List.of("calculator", "clock", "document_search", "web_search");

  private static ToolSpec spec(List<ToolSpec> tools, String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
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

  private record Scored(String sentence, int position, double score) {
  }

  /** The answer without tool results: arithmetic, small talk, or what the sources say. */
  private Answer answer(String question, List<ChatMessage> messages, int userAt, List<ToolSpec> tools) {
    if (question.isBlank()) {
      return new Answer("I'm listening. What would you like to know?", Grounding.UNCHECKED);
    }
    boolean shortRequest = question.length() <= IntentParser.MAX_REQUEST_CHARS;
    ArithmeticPhrases.Arithmetic sum = shortRequest ? ArithmeticPhrases.find(question) : null;
    if (sum != null) {
      return new Answer(ToolAnswers.compute(sum), Grounding.GROUNDED);
    }
    int turn = (int) messages.stream().filter(m -> m.role().equals("assistant")).count();
    String chat = shortRequest ? SmallTalk.reply(question, tools, turn) : null;
    if (chat != null) {
      return new Answer(chat, Grounding.UNCHECKED);
    }
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      boolean knowledge = m.role().equals("system") || m.role().equals("developer")
          || (m.role().equals("tool") && i < userAt);
      if (knowledge && m.content() != null) {
        Passages.sentences(m.content()).stream().filter(x -> m.role().equals("tool") || !Instructions.isInstruction(x))
            .forEach(sentences::add);
      }
    }
    if (sentences.isEmpty()) {
      return new Answer(SmallTalk.refusal(false, tools), Grounding.NOT_IN_SOURCES);
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
      return new Answer(SmallTalk.refusal(true, tools), Grounding.NOT_IN_SOURCES);
    }
    return new Answer(String.join(" ", best.stream().map(Scored::sentence).toList()), Grounding.GROUNDED);
  }

  private static Reply stream(Answer answer, Integer maxTokens, Sink sink, int promptTokens) {
    List<String> pieces = new ArrayList<>();
    Matcher m = WORDS.matcher(answer.text());
    while (m.find()) {
      pieces.add(m.group());
    }
    StringBuilder sent = new StringBuilder();
    int limit = maxTokens == null ? Integer.MAX_VALUE : maxTokens;
    for (int i = 0; i < pieces.size(); i++) {
      if (i >= limit) {
        return new Reply(sent.toString(), List.of(), "length", promptTokens, i, answer.grounding());
      }
      if (!sink.token(pieces.get(i))) {
        return new Reply(sent.toString(), List.of(), "cancelled", promptTokens, i, answer.grounding());
      }
      sent.append(pieces.get(i));
    }
    return new Reply(sent.toString(), List.of(), "stop", promptTokens, pieces.size(), answer.grounding());
  }
}
