package dev.nexus.text;

import java.util.regex.Pattern;

/** Tells the sentences of a system message that speak to the assistant (its role, how to answer) from knowledge. */
public final class Instructions {
  private static final Pattern INSTRUCTION = Pattern.compile(
      "(?i)^(you|you're|your|answer|reply|respond|use|be|keep|speak|talk|do|don't|never|always|plan|write|act|"
          + "pretend|imagine|remember|avoid|only|please)\\b.*");

  private Instructions() {
  }

  /** True for a sentence that tells the assistant what to be or do, rather than stating a fact. */
  public static boolean isInstruction(String sentence) {
    return sentence != null && INSTRUCTION.matcher(sentence.trim()).matches();
  }
}
