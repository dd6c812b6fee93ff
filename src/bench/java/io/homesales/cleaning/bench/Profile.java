package io.homesales.cleaning.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of a whole JVM, read over a window of it (the warm run only), and what it says: the top frames by CPU samples (the
 * method on top of each sampled Java stack, so a method's own time), the allocation per record (each thread's
 * allocated bytes at the recording's end less at its start), and the time in GC pauses.
 */
final class Profile {

  private Profile() {}

  /**
   * The JVM option that records the whole process from its start into {@code file}, with JFR's {@code profile}
   * settings but Java stacks sampled every millisecond (a run's event loop is in Java code for only part of each
   * record), every compilation, and each thread's allocation every second. Started with the JVM rather than
   * with {@code jcmd JFR.start} later: enabling JFR's events in a running JVM instruments JDK classes, and the
   * compilers then redo the code that had inlined them, which a profile of a warm run must not count. The
   * recording is written when the JVM exits ({@link #summarize} reads a window of it).
   */
  static String jvmOption(Path file) throws IOException {
    String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
    String sampled = set(profile, "jdk.ExecutionSample", "period", "1 ms");
    sampled = set(sampled, "jdk.Compilation", "threshold", "0 ms");
    sampled = set(sampled, "jdk.ThreadAllocationStatistics", "period", "1 s");
    Path settings = Files.createTempFile("warm", ".jfc");
    Files.writeString(settings, sampled);
    return "-XX:StartFlightRecording=settings=" + settings + ",filename=" + file.toAbsolutePath() + ",dumponexit=true";
  }

  /** The settings with one event's setting changed; fails if the event or the setting is not there. */
  private static String set(String settings, String event, String setting, String value) {
    String changed = settings.replaceFirst("(?<head><event name=\"" + event.replace(".", "\\.")
        + "\">(?:\\s*<setting name=\"(?!" + setting + "\")[^\"]*\"[^<]*</setting>)*\\s*<setting name=\"" + setting
        + "\"[^>]*>)[^<]*", "${head}" + value);
    if (changed.equals(settings)) {
      throw new IllegalStateException("profile.jfc has no " + event + " " + setting + " to set");
    }
    return changed;
  }

  /** The recording's summary for the window {@code from} to {@code to}, which wrote {@code records} records. */
  static String summarize(Path recording, Instant from, Instant to, int records, int top)
      throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder();
    JsonArray samples = events(recording, "jdk.ExecutionSample", from, to);
    Map<String, Integer> frames = new HashMap<>();
    for (Object event : samples) {
      JsonArray stack = ((JsonObject) event).getJsonObject("values").getJsonObject("stackTrace")
          .getJsonArray("frames");
      if (!stack.isEmpty()) {
        JsonObject method = stack.getJsonObject(0).getJsonObject("method");
        String name = method.getJsonObject("type").getString("name") + "." + method.getString("name");
        frames.merge(name, 1, Integer::sum);
      }
    }
    text.append(String.format(Locale.ROOT, "profile: %,d CPU samples of Java code; top frames (own time):%n",
        samples.size()));
    frames.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(e -> text.append(
        String.format(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / samples.size(), e.getKey())));

    Map<String, long[]> allocated = new HashMap<>();
    for (Object event : events(recording, "jdk.ThreadAllocationStatistics", from, to)) {
      JsonObject values = ((JsonObject) event).getJsonObject("values");
      JsonObject thread = values.getJsonObject("thread");
      String key = thread == null ? "?" : String.valueOf(thread.getValue("osThreadId"));
      long bytes = values.getLong("allocated");
      long[] span = allocated.computeIfAbsent(key, k -> new long[] {bytes, bytes});
      span[0] = Math.min(span[0], bytes);
      span[1] = Math.max(span[1], bytes);
    }
    long bytes = allocated.values().stream().mapToLong(span -> span[1] - span[0]).sum();
    double pauses = 0;
    int collections = 0;
    for (Object event : events(recording, "jdk.GarbageCollection", from, to)) {
      pauses += seconds(((JsonObject) event).getJsonObject("values").getValue("sumOfPauses"));
      collections++;
    }
    text.append(String.format(Locale.ROOT, "profile: allocation %,.0f bytes/record (%,.0f MB); %d collections,"
        + " %.2f s of pauses%n", (double) bytes / records, bytes / 1e6, collections, pauses));

    // What the compilers still did in a warm process, and why code was thrown away.
    Map<String, Double> compiled = new HashMap<>();
    double compiling = 0;
    int compilations = 0;
    for (Object event : events(recording, "jdk.Compilation", from, to)) {
      JsonObject values = ((JsonObject) event).getJsonObject("values");
      double took = seconds(values.getValue("duration"));
      JsonObject method = values.getJsonObject("method");
      String name = method == null ? "?" : method.getJsonObject("type").getString("name") + "." + method.getString("name")
          + " (tier " + values.getValue("compileLevel") + ")";
      compiled.merge(name, took, Double::sum);
      compiling += took;
      compilations++;
    }
    text.append(String.format(Locale.ROOT, "profile: %d compilations, %.2f s;"
        + " the longest:%n", compilations, compiling));
    compiled.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(10).forEach(e ->
        text.append(String.format(Locale.ROOT, "  %6.3f s  %s%n", e.getValue(), e.getKey())));
    Map<String, Integer> deoptimized = new HashMap<>();
    int deoptimizations = 0;
    for (Object event : events(recording, "jdk.Deoptimization", from, to)) {
      JsonObject values = ((JsonObject) event).getJsonObject("values");
      JsonObject method = values.getJsonObject("method");
      String name = (method == null ? "?" : method.getJsonObject("type").getString("name") + "." + method.getString("name"))
          + ": " + values.getValue("reason") + "/" + values.getValue("action");
      deoptimized.merge(name, 1, Integer::sum);
      deoptimizations++;
    }
    text.append(String.format(Locale.ROOT, "profile: %d deoptimizations; the most frequent:%n", deoptimizations));
    deoptimized.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10).forEach(e ->
        text.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey())));
    return text.toString();
  }

  /** A JFR duration as {@code jfr print --json} writes it ({@code PT0.0012S}, or a number of nanoseconds). */
  private static double seconds(Object duration) {
    if (duration instanceof Number nanos) {
      return nanos.doubleValue() / 1e9;
    }
    return duration == null ? 0 : java.time.Duration.parse(duration.toString()).toNanos() / 1e9;
  }

  /** The recording's events of one type that started within the window. */
  private static JsonArray events(Path recording, String type, Instant from, Instant to)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("jfr", ".json");
    try {
      run(List.of(tool("jfr"), "print", "--json", "--events", type, recording.toString()), out);
      JsonObject json = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
      JsonArray within = new JsonArray();
      for (Object event : json.getJsonObject("recording").getJsonArray("events")) {
        Instant start = OffsetDateTime.parse(((JsonObject) event).getJsonObject("values").getString("startTime"))
            .toInstant();
        if (!start.isBefore(from) && !start.isAfter(to)) {
          within.add(event);
        }
      }
      return within;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void run(List<String> command, Path out) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: "
          + Files.readString(out, StandardCharsets.UTF_8));
    }
  }

  /** A tool of the JDK that runs the benchmark (and the job). */
  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }
}
