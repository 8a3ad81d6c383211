package dev.l2l.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/**
 * The Java code in the documentation is compiled code: every {@code ```java} block of README.md and
 * docs/*.md must be preceded by a line
 *
 * <pre>
 *   &lt;!-- compiled: PATH#NAME --&gt;
 * </pre>
 *
 * and must equal, line for line, the lines between {@code // [NAME]} and {@code // [NAME-end]} of the Java
 * source PATH (relative to the project root; under a {@code src/main/java} or {@code src/test/java} folder),
 * with their common indentation removed. Every region marked in a quoted source file must be quoted by some
 * document, so no marked region is left behind when a document changes.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern MARKER = Pattern.compile("<!-- compiled: (\\S+\\.java)#([\\w-]+) -->");
  private static final Pattern REGION_START = Pattern.compile("// \\[([\\w-]+)\\]");

  @Test
  void everyJavaBlockOfTheDocsIsAMarkedRegionOfCompiledSource() throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> quoted = new TreeMap<>();
    Map<String, Integer> blocksPerDocument = new TreeMap<>();
    for (Path doc : documents()) {
      String name = ROOT.relativize(doc).toString();
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```java")) {
          continue;
        }
        blocksPerDocument.merge(name, 1, Integer::sum);
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).strip().equals("```")) {
          end++;
        }
        List<String> block = lines.subList(i + 1, end);
        Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1).strip() : "");
        if (!marker.matches()) {
          problems.add(name + ":" + (i + 1) + ": this ```java block is not compiled code; put the code in a Java "
              + "source between // [NAME] and // [NAME-end] and write <!-- compiled: PATH#NAME --> above the block");
          continue;
        }
        String source = marker.group(1);
        String region = marker.group(2);
        quoted.computeIfAbsent(source, s -> new TreeSet<>()).add(region);
        List<String> expected = region(source, region, problems, name + ":" + i);
        if (expected != null && !expected.equals(block)) {
          problems.add(name + ":" + (i + 1) + ": the block differs from " + source + "#" + region
              + "; quote it exactly (first differing line " + (firstDifference(expected, block) + 1) + "):\n"
              + String.join("\n", expected));
        }
      }
    }
    for (Map.Entry<String, Set<String>> e : quoted.entrySet()) {
      Path file = ROOT.resolve(e.getKey());
      if (Files.isRegularFile(file)) {
        for (String region : regionsOf(Files.readAllLines(file))) {
          if (!e.getValue().contains(region)) {
            problems.add(e.getKey() + ": region " + region + " is quoted by no document; quote it or remove its markers");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n\n", problems));
    for (String doc : List.of("README.md", "docs/guide.md", "docs/guide-own-model.md")) {
      assertTrue(blocksPerDocument.getOrDefault(doc, 0) > 0, doc + " quotes compiled code");
    }
  }

  /** README.md and every Markdown file under docs/. */
  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The dedented lines of region {@code name} of {@code source}, or null (and a problem) if there is none. */
  private static List<String> region(String source, String name, List<String> problems, String where)
      throws IOException {
    Path file = ROOT.resolve(source).normalize();
    if (!file.startsWith(ROOT) || !(source.contains("src/main/java/") || source.contains("src/test/java/"))
        || !Files.isRegularFile(file)) {
      problems.add(where + ": " + source + " is not a Java source file of the build");
      return null;
    }
    List<String> lines = Files.readAllLines(file);
    int start = lines.stream().map(String::strip).toList().indexOf("// [" + name + "]");
    int end = lines.stream().map(String::strip).toList().indexOf("// [" + name + "-end]");
    if (start < 0 || end < start) {
      problems.add(where + ": " + source + " has no region between // [" + name + "] and // [" + name + "-end]");
      return null;
    }
    return dedent(lines.subList(start + 1, end));
  }

  private static List<String> regionsOf(List<String> lines) {
    List<String> names = new ArrayList<>();
    for (String line : lines) {
      Matcher m = REGION_START.matcher(line.strip());
      if (m.matches() && !m.group(1).endsWith("-end")) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    return out;
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }
}
