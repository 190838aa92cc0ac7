package dev.nexus.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One figure's samples in milliseconds (or percent, or MB), added from any thread. */
final class Samples {
  private final List<Double> values = Collections.synchronizedList(new ArrayList<>());

  void add(double value) {
    values.add(value);
  }

  int count() {
    return values.size();
  }

  /** The nearest-rank percentile; NaN with no samples. */
  double percentile(double p) {
    List<Double> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** p50, p95 and p99. */
  double[] percentiles() {
    return new double[] {percentile(50), percentile(95), percentile(99)};
  }

  double mean() {
    synchronized (values) {
      return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }
}
