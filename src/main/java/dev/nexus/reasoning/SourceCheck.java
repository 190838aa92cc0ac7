package dev.nexus.reasoning;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Grounding;
import dev.nexus.knowledge.Passages;
import dev.nexus.reasoning.engine.LanguageModel;
import dev.nexus.text.Instructions;
import java.util.ArrayList;
import java.util.List;

/**
 * Grounding for engines that cannot judge it themselves (openai, llamacpp): when the request supplies source
 * material, the model is asked to answer {@link LanguageModel#NOT_IN_SOURCES} when the material does not hold the
 * answer. This sink passes the streamed text on, holding back only what may be the start of that sentinel; the
 * sentinel is stripped, and an answer that was only the sentinel becomes {@link #REFUSAL}.
 */
final class SourceCheck implements LanguageModel.Sink {
  /** What the client hears when the model said its sources do not hold the answer. */
  static final String REFUSAL = "My sources don't cover that, so I can only answer about what they do cover.";
  private static final String SENTINEL = LanguageModel.NOT_IN_SOURCES;

  private final LanguageModel.Sink downstream;
  private final StringBuilder pending = new StringBuilder();
  private boolean found;

  SourceCheck(LanguageModel.Sink downstream) {
    this.downstream = downstream;
  }

  /** Whether the messages supply source material: facts in a system or developer message, or a tool result. */
  static boolean hasSources(List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      if (m.content() == null || m.content().isBlank()) {
        continue;
      }
      if (m.role().equals("tool")) {
        return true;
      }
      if ((m.role().equals("system") || m.role().equals("developer"))
          && Passages.sentences(m.content()).stream().anyMatch(s -> !Instructions.isInstruction(s))) {
        return true;
      }
    }
    return false;
  }

  /** The messages with {@link LanguageModel#SOURCES_INSTRUCTION} after the last system or developer message. */
  static List<ChatMessage> withInstruction(List<ChatMessage> messages) {
    int at = 0;
    for (int i = 0; i < messages.size(); i++) {
      String role = messages.get(i).role();
      if (role.equals("system") || role.equals("developer")) {
        at = i + 1;
      }
    }
    List<ChatMessage> out = new ArrayList<>(messages);
    out.add(at, ChatMessage.system(LanguageModel.SOURCES_INSTRUCTION));
    return out;
  }

  @Override
  public boolean token(String text) {
    pending.append(text);
    int at = pending.indexOf(SENTINEL);
    if (at >= 0) {
      found = true;
      pending.delete(at, at + SENTINEL.length());
    }
    int keep = heldBack();
    String out = pending.substring(0, pending.length() - keep);
    pending.delete(0, pending.length() - keep);
    return out.isEmpty() ? downstream.active() : downstream.token(out);
  }

  /** The length of the longest end of the pending text that begins the sentinel. */
  private int heldBack() {
    for (int n = Math.min(SENTINEL.length() - 1, pending.length()); n > 0; n--) {
      if (SENTINEL.startsWith(pending.substring(pending.length() - n))) {
        return n;
      }
    }
    return 0;
  }

  /** The reply with the sentinel stripped and its grounding set; sends what was held back. */
  LanguageModel.Reply finish(LanguageModel.Reply reply) {
    if (pending.length() > 0) {
      downstream.token(pending.toString());
      pending.setLength(0);
    }
    String content = reply.content();
    if (content != null && content.contains(SENTINEL)) {
      found = true;
      content = content.replace(SENTINEL, "").trim();
    }
    if (found && (content == null || content.isBlank()) && reply.toolCalls().isEmpty()) {
      content = REFUSAL;
      if (!"cancelled".equals(reply.finishReason())) {
        downstream.token(REFUSAL);
      }
    }
    Grounding grounding = found ? Grounding.NOT_IN_SOURCES : reply.toolCalls().isEmpty() ? Grounding.GROUNDED : null;
    return new LanguageModel.Reply(content, reply.toolCalls(), reply.finishReason(), reply.promptTokens(),
        reply.completionTokens(), grounding);
  }

  @Override
  public boolean active() {
    return downstream.active();
  }

  @Override
  public void onCancel(Runnable action) {
    downstream.onCancel(action);
  }
}
