package dev.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of src/main/java, read from the sources: no package imports a package that imports it back (a
 * subpackage counts as a package of its own), no class is over 400 lines, and types are imported rather than
 * written with their package in code. Imports and qualified names written inline both count; comments and string
 * literals do not.
 */
class ArchitectureTest {
  static final Path SOURCES = Path.of("src/main/java");
  static final int MAX_LINES = 400;

  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;",
      Pattern.MULTILINE);
  /** A qualified name in code: lower-case package segments, then a type. */
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(dev\\.nexus(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");

  static final Map<String, Source> FILES = new TreeMap<>();

  /** One source file: its package, the packages it refers to, its length. */
  record Source(String relative, String pkg, Set<String> uses, int lines) {
  }

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
        try {
          String text = Files.readString(p);
          Source source = parse(SOURCES.relativize(p).toString().replace('\\', '/'), text);
          FILES.put(source.relative(), source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    assertThat(FILES).as("sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(50);
  }

  static Source parse(String relative, String text) {
    Matcher pkg = PACKAGE.matcher(text);
    assertThat(pkg.find()).as(relative + " has a package").isTrue();
    String code = withoutCommentsAndStrings(text);
    Set<String> uses = new TreeSet<>();
    Matcher imports = IMPORT.matcher(code);
    while (imports.find()) {
      uses.add(packageOf(imports.group(1)));
    }
    Matcher inline = QUALIFIED.matcher(code);
    while (inline.find()) {
      uses.add(inline.group(1));
    }
    uses.remove(pkg.group(1));
    uses.removeIf(u -> !u.startsWith("dev.nexus"));
    return new Source(relative, pkg.group(1), uses, (int) text.lines().count());
  }

  /** The package of a qualified name: its segments up to the first that starts with a capital. */
  static String packageOf(String name) {
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("\\.")) {
      if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
        break;
      }
      segments.add(segment);
    }
    return String.join(".", segments);
  }

  /** The code with comments and string, text-block and character literals blanked out. */
  static String withoutCommentsAndStrings(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int end;
      if (text.startsWith("/*", i)) {
        end = closing(text, text.indexOf("*/", i + 2), 2);
      } else if (text.startsWith("//", i)) {
        end = closing(text, text.indexOf('\n', i), 0);
      } else if (text.startsWith("\"\"\"", i)) {
        end = closing(text, text.indexOf("\"\"\"", i + 3), 3);
      } else if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
        char quote = text.charAt(i);
        end = i + 1;
        while (end < text.length() && text.charAt(end) != quote && text.charAt(end) != '\n') {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(text.length(), end + 1);
      } else {
        out.append(text.charAt(i++));
        continue;
      }
      for (int j = i; j < end; j++) {
        out.append(text.charAt(j) == '\n' ? '\n' : ' ');
      }
      i = end;
    }
    return out.toString();
  }

  private static int closing(String text, int at, int length) {
    return at < 0 ? text.length() : at + length;
  }

  /** Every pair of packages that import each other, as "a <-> b" (a before b), with the files on each side. */
  static Map<String, String> twoCycles(Map<String, Source> files) {
    Map<String, Map<String, List<String>>> edges = new TreeMap<>();
    for (Source s : files.values()) {
      for (String used : s.uses()) {
        edges.computeIfAbsent(s.pkg(), k -> new TreeMap<>()).computeIfAbsent(used, k -> new ArrayList<>())
            .add(s.relative());
      }
    }
    Map<String, String> cycles = new TreeMap<>();
    edges.forEach((from, targets) -> targets.forEach((to, why) -> {
      List<String> back = edges.getOrDefault(to, Map.of()).get(from);
      if (back != null && from.compareTo(to) < 0) {
        cycles.put(from + " <-> " + to, from + " -> " + to + " in " + why + "; " + to + " -> " + from + " in " + back);
      }
    }));
    return cycles;
  }

  @Test
  void noPackageImportsAPackageThatImportsItBack() {
    assertThat(twoCycles(FILES)).as("package cycles (the files on each side)").isEmpty();
  }

  @Test
  void noClassIsOverFourHundredLines() {
    Map<String, Integer> big = new TreeMap<>();
    FILES.values().stream().filter(s -> s.lines() > MAX_LINES).forEach(s -> big.put(s.relative(), s.lines()));
    assertThat(big).as("classes over " + MAX_LINES + " lines").isEmpty();
  }

  /** A type named by its package in code (not in an import): lower-case segments, then the type. */
  private static final Pattern INLINE_NAME = Pattern.compile(
      "(?<![\\w.])((?:java|javax|jdk|io|dev|ai|com|org|net|de|be)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*)");
  /**
   * The names that stay qualified on purpose, each where a class uses two types of the same simple name (the file,
   * then the name). None today.
   */
  static final Map<String, Set<String>> CLASHING_NAMES = Map.of();

  /** The qualified names written in code (outside imports and the package line), as "file:line name". */
  static List<String> inlineNames(String relative, String text) {
    List<String> found = new ArrayList<>();
    String[] lines = withoutCommentsAndStrings(text).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("import ") || line.startsWith("package ")) {
        continue;
      }
      Matcher name = INLINE_NAME.matcher(line);
      while (name.find()) {
        if (!CLASHING_NAMES.getOrDefault(relative, Set.of()).contains(name.group(1))) {
          found.add(relative + ":" + (i + 1) + " " + name.group(1));
        }
      }
    }
    return found;
  }

  @Test
  void typesAreImportedNotWrittenWithTheirPackageInCode() throws IOException {
    List<String> inline = new ArrayList<>();
    for (String relative : FILES.keySet()) {
      inline.addAll(inlineNames(relative, Files.readString(SOURCES.resolve(relative))));
    }
    assertThat(inline).as("qualified names written inline instead of imported").isEmpty();
  }

  @Test
  void theInlineNameReaderSkipsImportsCommentsAndStrings() {
    String text = String.join("\n",
        "package dev.nexus.a;",
        "import java.util.List;",
        "/** See {@link java.util.Map}. */",
        "class A {",
        "  String s = \"java.util.Set\";",
        "  java.util.Map<String, List<String>> m = new java.util.HashMap<>(); // java.util.TreeMap",
        "  Object o = io.vertx.core.json.JsonObject.class;",
        "  int n = list.size(); String t = this.name.Upper;",
        "}");
    assertThat(inlineNames("a/A.java", text)).containsExactly("a/A.java:6 java.util.Map", "a/A.java:6 java.util.HashMap",
        "a/A.java:7 io.vertx.core.json.JsonObject");
  }

  @Test
  void onlyTheCommandLineStartsNodesAndTheCapabilityBaseKnowsNoCapability() {
    Set<String> startingNodes = new TreeSet<>();
    Set<String> usedByTheBase = new TreeSet<>();
    for (Source s : FILES.values()) {
      if (s.uses().contains("dev.nexus.node")) {
        startingNodes.add(s.pkg());
      }
      if (s.pkg().equals("dev.nexus.capability")) {
        usedByTheBase.addAll(s.uses());
      }
    }
    assertThat(startingNodes).containsExactlyInAnyOrder("dev.nexus", "dev.nexus.cli");
    assertThat(usedByTheBase).isSubsetOf("dev.nexus.bus", "dev.nexus.config", "dev.nexus.models");
  }

  @Test
  void theReaderSeesImportsAndInlineNamesButNotCommentsOrStrings() {
    Source source = parse("dev/nexus/a/A.java", String.join("\n",
        "package dev.nexus.a;",
        "import dev.nexus.b.B;",
        "import static dev.nexus.c.C.helper;",
        "import dev.nexus.d.*;",
        "import java.util.List;",
        "/** See {@link dev.nexus.e.E}. */",
        "class A {",
        "  // dev.nexus.f.F is mentioned only here",
        "  String s = \"dev.nexus.g.G\";",
        "  char q = '\"';",
        "  dev.nexus.h.H h = new dev.nexus.h.H(dev.nexus.a.A.class);",
        "  String block = \"\"\"",
        "      dev.nexus.i.I",
        "      \"\"\";",
        "}"));
    assertThat(source.pkg()).isEqualTo("dev.nexus.a");
    assertThat(source.uses()).containsExactly("dev.nexus.b", "dev.nexus.c", "dev.nexus.d", "dev.nexus.h");
    assertThat(source.lines()).isEqualTo(15);
  }

  @Test
  void aPairOfPackagesThatImportEachOtherIsACycleWithTheFilesOnEachSide() {
    Map<String, Source> files = new TreeMap<>();
    files.put("x/X.java", new Source("x/X.java", "dev.nexus.x", Set.of("dev.nexus.y"), 10));
    files.put("y/Y.java", new Source("y/Y.java", "dev.nexus.y", Set.of("dev.nexus.x", "dev.nexus.z"), 10));
    files.put("z/Z.java", new Source("z/Z.java", "dev.nexus.z", Set.of(), 10));
    assertThat(twoCycles(files)).containsOnlyKeys("dev.nexus.x <-> dev.nexus.y");
    assertThat(twoCycles(files).get("dev.nexus.x <-> dev.nexus.y")).contains("x/X.java").contains("y/Y.java");
  }
}
