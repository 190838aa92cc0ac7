package dev.nexus.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Percentiles of a Prometheus histogram between two scrapes of {@code /metrics}. */
final class Prometheus {
  private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{(?:.*,)?le=\"([^\"]+)\".*\\}\\s+(\\S+)$");

  private Prometheus() {
  }

  /** The cumulative bucket counts of a histogram, by upper bound in seconds (summed over label sets). */
  static TreeMap<Double, Double> buckets(String text, String histogram) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = BUCKET.matcher(line.trim());
      if (m.matches() && m.group(1).equals(histogram)) {
        double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
        out.merge(le, Double.parseDouble(m.group(3)), Double::sum);
      }
    }
    return out;
  }

  /** How much a counter (summed over its label sets) grew between the scrapes; 0 when it is not there. */
  static double increase(String before, String after, String counter) {
    return total(after, counter) - total(before, counter);
  }

  private static double total(String text, String counter) {
    double sum = 0;
    for (String line : text.split("\n")) {
      String name = line.trim().split("[{ ]", 2)[0];
      if (name.equals(counter) && !line.startsWith("#")) {
        sum += Double.parseDouble(line.trim().substring(line.trim().lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** p50, p95 and p99 in milliseconds of what was observed between the scrapes (NaN when nothing was). */
  static double[] percentiles(String before, String after, String histogram) {
    TreeMap<Double, Double> b = buckets(before, histogram);
    TreeMap<Double, Double> a = buckets(after, histogram);
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : a.entrySet()) {
      delta.put(e.getKey(), e.getValue() - b.getOrDefault(e.getKey(), 0.0));
    }
    double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
    double[] out = new double[3];
    double[] ps = {0.50, 0.95, 0.99};
    for (int i = 0; i < 3; i++) {
      out[i] = Double.NaN;
      if (total <= 0) {
        continue;
      }
      for (Map.Entry<Double, Double> e : delta.entrySet()) {
        if (e.getValue() >= ps[i] * total) {
          out[i] = e.getKey() * 1000; // the bucket's upper bound: an upper estimate
          break;
        }
      }
    }
    return out;
  }
}
