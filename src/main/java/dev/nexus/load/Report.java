package dev.nexus.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code report}: the summary of a latency-ledger CSV (count, p50, p95, p99 and max of every column) and a
 * PNG chart of each column's distribution (cumulative, milliseconds on a log scale) beside it.
 */
public final class Report {
  private static final Color[] COLORS = {new Color(0x6ea8ff), new Color(0xb28cff), new Color(0x3ecf8e),
      new Color(0xf5b14c), new Color(0xff6b6b)};

  private Report() {
  }

  /** The millisecond columns of a ledger CSV, each with its values (empty cells skipped). */
  static Map<String, List<Double>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(csv + " is empty");
    }
    String[] header = lines.get(0).split(",", -1);
    Map<String, List<Double>> columns = new LinkedHashMap<>();
    for (String name : header) {
      if (name.endsWith("_ms")) {
        columns.put(name, new ArrayList<>());
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(csv + " has no *_ms columns: not a latency ledger");
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      for (int i = 0; i < header.length && i < cells.length; i++) {
        List<Double> column = columns.get(header[i]);
        if (column != null && !cells[i].isBlank()) {
          try {
            column.add(Double.parseDouble(cells[i]));
          } catch (NumberFormatException e) {
            // a malformed cell is left out
          }
        }
      }
    }
    return columns;
  }

  static double percentile(List<Double> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN
        : sorted.get((int) Math.max(0, Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }

  /** Prints the table, writes the chart; returns the chart's path. */
  public static Path run(Path csv, PrintStream out) throws IOException {
    Map<String, List<Double>> columns = read(csv);
    out.println("latencies in " + csv);
    out.printf(Locale.ROOT, "%-20s %8s %10s %10s %10s %10s%n", "ms", "count", "p50", "p95", "p99", "max");
    for (Map.Entry<String, List<Double>> c : columns.entrySet()) {
      List<Double> sorted = c.getValue().stream().sorted().toList();
      out.printf(Locale.ROOT, "%-20s %8d %10.2f %10.2f %10.2f %10.2f%n", c.getKey(), sorted.size(),
          percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100));
    }
    Path png = csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".png");
    ImageIO.write(chart(columns), "png", png.toFile());
    out.println("chart: " + png);
    return png;
  }

  private static BufferedImage chart(Map<String, List<Double>> columns) {
    int w = 900;
    int h = 520;
    int left = 70;
    int right = 230;
    int top = 40;
    int bottom = 60;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0x0e1320));
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    double min = 0.01;
    double max = 10;
    for (List<Double> values : columns.values()) {
      for (double v : values) {
        max = Math.max(max, v);
      }
    }
    double logMin = Math.log10(min);
    double logMax = Math.ceil(Math.log10(max));
    int plotW = w - left - right;
    int plotH = h - top - bottom;
    g.setColor(new Color(0x263049));
    for (int d = (int) logMin; d <= logMax; d++) {
      int x = left + (int) ((d - logMin) / (logMax - logMin) * plotW);
      g.drawLine(x, top, x, top + plotH);
      g.setColor(new Color(0x94a0b8));
      g.drawString(d < 0 ? String.format(Locale.ROOT, "%.2f", Math.pow(10, d)) : String.valueOf((long) Math.pow(10, d)),
          x - 10, top + plotH + 18);
      g.setColor(new Color(0x263049));
    }
    for (int p = 0; p <= 100; p += 25) {
      int y = top + plotH - p * plotH / 100;
      g.drawLine(left, y, left + plotW, y);
      g.setColor(new Color(0x94a0b8));
      g.drawString(p + "%", left - 40, y + 4);
      g.setColor(new Color(0x263049));
    }
    g.setColor(new Color(0xe8ecf4));
    g.drawString("share of turns at or under (cumulative)", left, top - 15);
    g.drawString("milliseconds (log scale)", left + plotW / 2 - 60, h - 20);
    int i = 0;
    g.setStroke(new BasicStroke(2f));
    for (Map.Entry<String, List<Double>> c : columns.entrySet()) {
      List<Double> sorted = c.getValue().stream().sorted().toList();
      Color color = COLORS[i % COLORS.length];
      g.setColor(color);
      int px = -1;
      int py = -1;
      for (int k = 0; k < sorted.size(); k++) {
        double v = Math.max(min, sorted.get(k));
        int x = left + (int) ((Math.log10(v) - logMin) / (logMax - logMin) * plotW);
        int y = top + plotH - (int) ((k + 1) * (double) plotH / sorted.size());
        if (px >= 0) {
          g.drawLine(px, py, x, py);
          g.drawLine(x, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(left + plotW + 20, top + 10 + i * 22, 14, 4);
      g.drawString(c.getKey() + " (" + sorted.size() + ")", left + plotW + 40, top + 16 + i * 22);
      i++;
    }
    g.dispose();
    return image;
  }
}
