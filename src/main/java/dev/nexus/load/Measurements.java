package dev.nexus.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What a load run measures: the latencies clients see, what went wrong, and this process's CPU and heap. */
final class Measurements {
  /** speech_stopped → the answer's first audio. */
  final Samples turn = new Samples();
  /** speech_started during an answer → that answer's end reaches the client. */
  final Samples bargeIn = new Samples();
  /** A podcast interrupt → the answer's first audio. */
  final Samples podcastAnswer = new Samples();
  /** How late the server saw each speech start, against the audio sent in real time (prefix padding left out). */
  final Samples recognitionLag = new Samples();
  final Samples cpu = new Samples();
  final Samples heap = new Samples();
  final AtomicInteger errors = new AtomicInteger();
  /** Audio of an interrupted answer that arrived after speech_started. */
  final AtomicInteger staleDeltas = new AtomicInteger();
  final AtomicInteger connected = new AtomicInteger();
  /** Speech starts in listening sessions, which stream faint noise only. */
  final AtomicInteger falseStarts = new AtomicInteger();
  /** The live heap (after a full collection): [seconds since start, MB]. */
  private final List<double[]> liveHeap = Collections.synchronizedList(new ArrayList<>());

  /** Fresh figures for the next step of a run, with the sessions connected so far. */
  Measurements next() {
    Measurements next = new Measurements();
    next.connected.set(connected.get());
    return next;
  }

  /** Samples this process's CPU load (percent of one core, as top shows it) and used heap. */
  void sampleProcess() {
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double load = os.getProcessCpuLoad();
    if (load >= 0) {
      cpu.add(load * 100 * os.getAvailableProcessors());
    }
    heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
  }

  /** Collects garbage and records the live heap at {@code atSeconds}; returns it in MB. */
  double sampleLiveHeap(double atSeconds) {
    System.gc();
    double mb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    liveHeap.add(new double[] {atSeconds, mb});
    return mb;
  }

  /** The first and last live-heap samples and the least-squares slope between them, in MB per hour. */
  double[] liveHeapTrend() {
    List<double[]> points;
    synchronized (liveHeap) {
      points = new ArrayList<>(liveHeap);
    }
    if (points.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double denominator = n * sxx - sx * sx;
    double slope = points.size() < 2 || denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator * 3600;
    return new double[] {points.get(0)[1], points.get(points.size() - 1)[1], slope};
  }
}
