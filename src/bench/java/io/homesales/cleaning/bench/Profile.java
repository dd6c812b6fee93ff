package io.homesales.cleaning.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of a span of a running JVM (the warm run only: started with {@code jcmd JFR.start} once the
 * warm-up has ended, stopped after the measured run), and what it says: the top frames by CPU samples (the
 * method on top of each sampled Java stack, so a method's own time), the allocation per record (each thread's
 * allocated bytes at the recording's end less at its start), and the time in GC pauses.
 */
final class Profile {

  private final long pid;
  private final Path file;

  private Profile(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  /**
   * Starts recording {@code pid} into {@code file} with JFR's {@code profile} settings, its Java stacks sampled
   * every millisecond rather than every 10: a run's event loop is in Java code for only part of each record.
   */
  static Profile start(long pid, Path file) throws IOException, InterruptedException {
    String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
    String sampled = profile.replaceFirst("(?<head><event name=\"jdk.ExecutionSample\">\\s*<setting name=\"enabled\"[^<]*"
        + "</setting>\\s*<setting name=\"period\"[^>]*>)[^<]*", "${head}1 ms");
    if (sampled.equals(profile)) {
      throw new IllegalStateException("profile.jfc has no jdk.ExecutionSample period to set");
    }
    Path settings = Files.createTempFile("warm", ".jfc");
    Files.writeString(settings, sampled);
    jcmd(pid, "JFR.start", "name=warm", "settings=" + settings, "filename=" + file.toAbsolutePath());
    return new Profile(pid, file);
  }

  /** Stops the recording and writes it. */
  Path stop() throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=warm");
    return file;
  }

  /** The recording's summary for a span of {@code records} records, in lines. */
  static String summarize(Path recording, int records, int top) throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder();
    JsonArray samples = events(recording, "jdk.ExecutionSample");
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
    for (Object event : events(recording, "jdk.ThreadAllocationStatistics")) {
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
    for (Object event : events(recording, "jdk.GarbageCollection")) {
      pauses += seconds(((JsonObject) event).getJsonObject("values").getString("sumOfPauses"));
      collections++;
    }
    text.append(String.format(Locale.ROOT, "profile: allocation %,.0f bytes/record (%,.0f MB); %d collections,"
        + " %.2f s of pauses%n", (double) bytes / records, bytes / 1e6, collections, pauses));
    return text.toString();
  }

  /** A JFR duration as {@code jfr print --json} writes it ({@code PT0.0012S}). */
  private static double seconds(String duration) {
    return duration == null ? 0 : java.time.Duration.parse(duration).toNanos() / 1e9;
  }

  private static JsonArray events(Path recording, String type) throws IOException, InterruptedException {
    Path out = Files.createTempFile("jfr", ".json");
    try {
      run(List.of(tool("jfr"), "print", "--json", "--events", type, recording.toString()), out);
      JsonObject json = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
      return json.getJsonObject("recording").getJsonArray("events");
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new java.util.ArrayList<>(List.of(tool("jcmd"), Long.toString(pid)));
    line.addAll(List.of(command));
    Path out = Files.createTempFile("jcmd", ".txt");
    try {
      run(line, out);
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
