package dev.nexus.speech.whisper;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whisper's rules for the next token of greedy decoding: the suppressed tokens, the tokens that may not begin a
 * transcript, and, with timestamps, Whisper's ApplyTimestampRules. Plain Java on a row of logits.
 */
final class TokenRules {
  private final Set<Integer> suppress;
  private final Set<Integer> beginSuppress;
  private final int timestampBegin;
  private final int endOfText;

  TokenRules(Set<Integer> suppress, Set<Integer> beginSuppress, int timestampBegin, int endOfText) {
    this.suppress = Set.copyOf(suppress);
    this.beginSuppress = Set.copyOf(beginSuppress);
    this.timestampBegin = timestampBegin;
    this.endOfText = endOfText;
  }

  int endOfText() {
    return endOfText;
  }

  /**
   * The next token under Whisper's rules: no special token, no blank start; without timestamps no
   * timestamp token; with timestamps, Whisper's ApplyTimestampRules (timestamps in pairs except before
   * the end, never decreasing, the first within 1 s, and a timestamp whenever their total probability
   * beats every text token).
   */
  int choose(float[] raw, List<Integer> sampled, boolean timestamps) {
    double[] logits = new double[raw.length];
    for (int t = 0; t < raw.length; t++) {
      logits[t] = raw[t];
    }
    for (int t : suppress) {
      if (t < logits.length) {
        logits[t] = Double.NEGATIVE_INFINITY;
      }
    }
    if (sampled.isEmpty()) {
      for (int t : beginSuppress) {
        logits[t] = Double.NEGATIVE_INFINITY;
      }
    }
    if (!timestamps) {
      mask(logits, timestampBegin, logits.length);
    } else {
      applyTimestampRules(logits, sampled);
    }
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < logits.length; t++) {
      if (logits[t] > bestValue) {
        bestValue = logits[t];
        best = t;
      }
    }
    return best;
  }

  private void applyTimestampRules(double[] logits, List<Integer> sampled) {
    int begin = timestampBegin;
    int n = sampled.size();
    boolean lastWasTimestamp = n >= 1 && sampled.get(n - 1) >= begin;
    boolean penultimateWasTimestamp = n < 2 || sampled.get(n - 2) >= begin;
    if (lastWasTimestamp) {
      if (penultimateWasTimestamp) {
        mask(logits, begin, logits.length);
      } else {
        mask(logits, 0, endOfText);
      }
    }
    int lastTimestamp = -1;
    for (int t : sampled) {
      if (t >= begin) {
        lastTimestamp = t;
      }
    }
    if (lastTimestamp >= 0) {
      mask(logits, begin, lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1);
    }
    if (sampled.isEmpty()) {
      mask(logits, 0, begin);
      mask(logits, begin + 51, logits.length); // the first timestamp within 1.0 s
    }
    if (logSumExp(logits, begin, logits.length) > max(logits, 0, begin)) {
      mask(logits, 0, begin);
    }
  }

  private static void mask(double[] logits, int from, int to) {
    Arrays.fill(logits, Math.max(0, from), Math.min(logits.length, Math.max(from, to)), Double.NEGATIVE_INFINITY);
  }

  private static double max(double[] logits, int from, int to) {
    double m = Double.NEGATIVE_INFINITY;
    for (int t = from; t < to; t++) {
      m = Math.max(m, logits[t]);
    }
    return m;
  }

  /** log(sum(exp(x))) over a range, stable; the log-softmax normaliser cancels in the comparison. */
  private static double logSumExp(double[] logits, int from, int to) {
    double m = max(logits, from, to);
    if (m == Double.NEGATIVE_INFINITY) {
      return m;
    }
    double sum = 0;
    for (int t = from; t < to; t++) {
      sum += Math.exp(logits[t] - m);
    }
    return m + Math.log(sum);
  }
}
