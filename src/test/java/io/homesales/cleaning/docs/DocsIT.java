package io.homesales.cleaning.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shell blocks of README.md and docs/*.md, run as a reader would paste them. Each fenced {@code sh},
 * {@code bash} or {@code shell} block has a marker on the line right before its fence (docs/testing.md):
 * {@code <!-- docs-check: run -->}, {@code <!-- docs-check: run after load-sample -->} or
 * {@code <!-- docs-check: skip REASON -->}. A {@code run} block runs with {@code bash -euo pipefail} from the
 * project root, against a database of its own emptied first, with the packaged jar already built.
 */
@ExtendWith(PostgresExtension.class)
class DocsIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JAR = Path.of("target", "cleaning-job.jar");
  private static final long BOUND_MINUTES = 3;
  private static final int TAIL_LINES = 40;
  private static final Set<String> SHELLS = Set.of("sh", "bash", "shell");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*(.*)$");
  private static final Pattern MARKER_LINE = Pattern.compile("^\\s*<!--\\s*docs-check\\b.*$");
  private static final Pattern MARKER = Pattern.compile(
      "^\\s*<!-- docs-check: (?:(run)(?: after (load-sample))?|skip (\\S.*?)) -->\\s*$");

  private final TestDatabase db;

  DocsIT(TestDatabase db) {
    this.db = db;
  }

  /** A shell block: where its fence is, its marker (null if none), its text. */
  record Block(String where, String marker, String script) {
    Matcher parsed() {
      Matcher m = MARKER.matcher(marker == null ? "" : marker);
      return m.matches() ? m : null;
    }

    boolean run() {
      return parsed() != null && parsed().group(1) != null;
    }

    boolean afterLoadSample() {
      return run() && parsed().group(2) != null;
    }

    String skipReason() {
      return parsed() == null ? null : parsed().group(3);
    }
  }

  /** Every sh, bash or shell block of README.md and docs/*.md, and each marker not right before one. */
  static List<Block> blocks(List<String> stray) throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
      String fence = null; // the opening fence of the block we are in
      StringBuilder script = null;
      String where = null;
      String marker = null;
      int indent = 0; // the opening fence's, taken off the block's lines as CommonMark does
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher f = FENCE.matcher(line);
        if (fence != null) {
          if (f.matches() && f.group(2).isBlank() && f.group(1).charAt(0) == fence.charAt(0)
              && f.group(1).length() >= fence.length()) {
            if (script != null) {
              blocks.add(new Block(where, marker, script.toString()));
            }
            fence = null;
            script = null;
          } else if (script != null) {
            script.append(line.replaceFirst("^ {0," + indent + "}", "")).append('\n');
          }
          continue;
        }
        if (f.matches() && !(f.group(1).charAt(0) == '`' && f.group(2).contains("`"))) {
          fence = f.group(1);
          indent = line.indexOf(fence.charAt(0));
          String info = f.group(2).strip().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
          if (SHELLS.contains(info)) {
            where = file + ":" + (i + 1);
            String previous = i > 0 ? lines.get(i - 1) : "";
            marker = MARKER_LINE.matcher(previous).matches() ? previous.strip() : null;
            script = new StringBuilder();
          }
        } else if (MARKER_LINE.matcher(line).matches()) {
          String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
          Matcher n = FENCE.matcher(next);
          if (!n.matches() || !SHELLS.contains(n.group(2).strip().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT))) {
            stray.add(file + ":" + (i + 1) + ": a docs-check marker not right before a sh, bash or shell block");
          }
        }
      }
      if (fence != null) {
        stray.add(file + ": a fence left open");
      }
    }
    return blocks;
  }

  @Test
  void everyShellBlockHasAKnownMarker() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Block> blocks = blocks(problems);
    for (Block block : blocks) {
      if (block.marker() == null) {
        problems.add(block.where() + ": no marker (<!-- docs-check: run --> or <!-- docs-check: skip REASON -->"
            + " on the line before the fence; docs/testing.md)");
      } else if (block.parsed() == null) {
        problems.add(block.where() + ": unknown marker " + block.marker());
      }
    }
    assertTrue(blocks.size() > 0, "no sh, bash or shell block found under " + ROOT);
    problems.sort(Comparator.comparing((String p) -> p.substring(0, p.indexOf(':'))).thenComparingInt(DocsIT::lineOf));
    if (!problems.isEmpty()) {
      fail("shell blocks in the docs need a known marker:\n  " + String.join("\n  ", problems));
    }
  }

  @Test
  void everyRunBlockRuns() throws Exception {
    assertTrue(Files.exists(ROOT.resolve(JAR)), "package the jar first: " + ROOT.resolve(JAR));
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Block block : blocks(new ArrayList<>())) {
      if (!block.run()) {
        report.add("skipped " + block.where() + ": "
            + (block.skipReason() != null ? block.skipReason() : "no known marker (see the other test)"));
        continue;
      }
      db.truncateAll();
      Outcome outcome = null;
      if (block.afterLoadSample()) {
        outcome = bash("java -jar " + JAR + " load-sample\njava -jar " + JAR + " run-once\n");
        if (outcome.exit() != 0) {
          outcome = new Outcome(outcome.exit(), "setup (load-sample, run-once) failed:\n" + outcome.output());
        } else {
          outcome = null;
        }
      }
      long start = System.nanoTime();
      if (outcome == null) {
        outcome = bash(block.script());
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (outcome.exit() == 0) {
        report.add("ran  " + block.where() + " (" + millis + " ms)");
      } else {
        report.add("FAILED " + block.where() + " (" + millis + " ms): "
            + (outcome.exit() == TIMED_OUT ? "killed after " + BOUND_MINUTES + " min" : "exit " + outcome.exit()));
        failures.add(block.where() + ": " + (outcome.exit() == TIMED_OUT ? "killed after " + BOUND_MINUTES
            + " min" : "exit " + outcome.exit()) + "\n    " + block.script().strip().replace("\n", "\n    ")
            + "\n  output (last " + TAIL_LINES + " lines):\n" + tail(outcome.output()));
      }
    }
    System.out.println("docs-check:\n" + String.join("\n", report));
    if (!failures.isEmpty()) {
      fail(failures.size() + " documented shell block(s) failed:\n" + String.join("\n", failures));
    }
  }

  private static final int TIMED_OUT = -1;

  record Outcome(int exit, String output) {}

  /** Runs a script with bash -euo pipefail from the project root, against this class's database, bounded. */
  private Outcome bash(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile("docs-check", ".sh");
    Path output = Files.createTempFile("docs-check", ".out");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", file.toString())
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(new File("/dev/null"));
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("CLEANING_JOB_"));
      env.putAll(db.env());
      // `java` is the JDK running the tests, as on a machine where that JDK is the one on the PATH.
      env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
      Process process = builder.start();
      if (!process.waitFor(BOUND_MINUTES, TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return new Outcome(TIMED_OUT, Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(output);
    }
  }

  /** The line number of a "FILE:LINE: ..." problem, 0 for a problem of the whole file. */
  private static int lineOf(String problem) {
    Matcher m = Pattern.compile("^[^:]*:(\\d+):").matcher(problem);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return "    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }
}
