package io.homesales.cleaning.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job as a user meets it: {@code java [options] -jar target/cleaning-job.jar <command>} in a process of its
 * own, measured from outside. The whole process's CPU comes from bash's {@code time} (the kernel's own
 * accounting of the finished process, every thread and the JVM's start included); while it runs, its CPU is
 * sampled from {@code /proc} every 100 ms, so that the steady part of a run can be told from its fixed costs;
 * its heap comes from its GC log, its peak resident set from {@code /proc}.
 */
final class JobProcess {

  static final Path JAR = Path.of("target", "cleaning-job.jar");
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  /** A reading of the process's CPU: at a wall-clock instant, seconds of CPU so far. */
  record CpuSample(Instant at, double cpuSeconds) {}

  record Result(String stdout, String stderr, double wallSeconds, double userSeconds, double sysSeconds,
      List<CpuSample> samples, long peakHeapBytes, long liveHeapBytes, long peakRssBytes,
      Map<String, double[]> threadCpu) {

    /**
     * The process's CPU by kind of thread, user and system seconds, as last seen while the thread lived (a
     * thread that ended less than 250 ms after its last reading is slightly under-counted).
     */
    String threadCpuSummary(int records) {
      return threadCpuBetween(Map.of(), threadCpu, records);
    }

    double cpuSeconds() {
      return userSeconds + sysSeconds;
    }

    JsonObject summary() {
      // From the first brace to the last: the JVM may log a line after the summary (a class-data archive written).
      return new JsonObject(stdout.substring(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1));
    }

    /** The process's CPU at an instant, from the samples (linear between the two around it). */
    double cpuAt(Instant instant) {
      CpuSample before = null;
      for (CpuSample sample : samples) {
        if (!sample.at().isBefore(instant)) {
          if (before == null) {
            return sample.cpuSeconds();
          }
          double span = sample.at().toEpochMilli() - before.at().toEpochMilli();
          double part = span == 0 ? 0 : (instant.toEpochMilli() - before.at().toEpochMilli()) / span;
          return before.cpuSeconds() + part * (sample.cpuSeconds() - before.cpuSeconds());
        }
        before = sample;
      }
      return before == null ? 0 : before.cpuSeconds();
    }
  }

  private JobProcess() {}

  /**
   * Runs the jar to its end. {@code whileRunning} is called once the JVM is up, on the calling thread, and
   * may drive the process (poll its HTTP API, stop it); it returns when it is done.
   */
  static Result run(List<String> jvmOptions, Map<String, String> env, List<String> command,
      Consumer<Process> whileRunning) throws IOException, InterruptedException {
    return run(JAR, jvmOptions, env, command, whileRunning);
  }

  /** As {@link #run(List, Map, List, Consumer)}, with another jar: a build to compare against. */
  static Result run(Path jar, List<String> jvmOptions, Map<String, String> env, List<String> command,
      Consumer<Process> whileRunning) throws IOException, InterruptedException {
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no such jar: " + jar);
    }
    List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
    launch.addAll(command);
    return java(jvmOptions, env, launch, whileRunning);
  }

  /** Runs {@code java [options] <launch...>} to its end, measured as {@link #run} measures the jar. */
  static Result java(List<String> jvmOptions, Map<String, String> env, List<String> launch,
      Consumer<Process> whileRunning) throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("package the jar first: ./mvnw -q -DskipTests -Dinvoker.skip=true package");
    }
    File gcLog = File.createTempFile("bench-gc", ".log");
    File out = File.createTempFile("bench-out", ".txt");
    File err = File.createTempFile("bench-err", ".txt");
    StringBuilder java = new StringBuilder().append(Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String option : jvmOptions) {
      java.append(' ').append(option);
    }
    java.append(" -Xlog:gc:file=").append(gcLog);
    for (String word : launch) {
      java.append(' ').append(word);
    }
    // bash's time reports the finished process's user and system CPU, as the kernel accounts them.
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", "TIMEFORMAT='bench-time %3R %3U %3S'; time " + java
        + "; exit $?").redirectOutput(out).redirectError(err);
    builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("CLEANING_JOB_"));
    builder.environment().putAll(env);
    Process bash = builder.start();
    ProcessHandle jvm = awaitChild(bash);
    List<CpuSample> samples = new ArrayList<>();
    long[] peakRss = {0};
    Map<Long, ThreadCpu> threads = new HashMap<>();
    Thread sampler = new Thread(() -> {
      for (long tick = 0; jvm.isAlive(); tick++) {
        Double cpu = cpuSeconds(jvm.pid());
        if (cpu != null) {
          synchronized (samples) {
            samples.add(new CpuSample(Instant.now(), cpu));
          }
        }
        if (tick % 3 == 0) {
          synchronized (threads) {
            readThreads(jvm.pid(), threads);
          }
        }
        peakRss[0] = Math.max(peakRss[0], peakRss(jvm.pid()));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
    if (whileRunning != null) {
      whileRunning.accept(bash);
    }
    if (!bash.waitFor(6, TimeUnit.HOURS)) {
      bash.destroyForcibly();
      throw new IllegalStateException("the job did not end within 6 hours");
    }
    sampler.join(1_000);
    String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
    Matcher time = Pattern.compile("bench-time ([0-9.]+) ([0-9.]+) ([0-9.]+)").matcher(stderr);
    if (!time.find()) {
      throw new IllegalStateException("no timing from the job's process; it said:\n" + stderr);
    }
    long[] heap = heapFromGcLog(gcLog.toPath());
    Result result;
    synchronized (samples) {
      result = new Result(Files.readString(out.toPath(), StandardCharsets.UTF_8), stderr,
          Double.parseDouble(time.group(1)), Double.parseDouble(time.group(2)), Double.parseDouble(time.group(3)),
          List.copyOf(samples), heap[0], heap[1], peakRss[0], byKind(threads));
    }
    gcLog.delete();
    out.delete();
    err.delete();
    return result;
  }

  private static ProcessHandle awaitChild(Process bash) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      var child = bash.toHandle().descendants().filter(h -> h.info().command().map(c -> c.endsWith("java"))
          .orElse(false)).findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      if (!bash.isAlive()) {
        return bash.toHandle();
      }
      Thread.sleep(10);
    }
    return bash.toHandle();
  }

  /** utime + stime of /proc/PID/stat, in seconds; null when the process is gone. */
  static Double cpuSeconds(long pid) {
    try {
      long[] ticks = userAndSystemTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
      return (ticks[0] + ticks[1]) / (double) TICKS_PER_SECOND;
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }

  /** utime and stime of a process's or a thread's stat line, in clock ticks. */
  private static long[] userAndSystemTicks(String stat) {
    // After the command (which may hold spaces, so split after its ')'): state is field 3; utime and stime are
    // fields 14 and 15 (here 11 and 12, 0-based).
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
  }

  /**
   * A live process's CPU so far by kind of thread (user and system seconds), read now: two readings around a
   * span charge it to its threads, in a process whose threads outlive the span (a warm scheduler's).
   */
  static Map<String, double[]> threadKinds(long pid) {
    Map<Long, ThreadCpu> threads = new HashMap<>();
    readThreads(pid, threads);
    return byKind(threads);
  }

  /** What {@code after} adds to {@code before}, by kind of thread, as {@link Result#threadCpuSummary} prints it. */
  static String threadCpuBetween(Map<String, double[]> before, Map<String, double[]> after, int records) {
    StringBuilder text = new StringBuilder();
    after.entrySet().stream()
        .map(e -> {
          double[] then = before.getOrDefault(e.getKey(), new double[2]);
          return Map.entry(e.getKey(), new double[] {e.getValue()[0] - then[0], e.getValue()[1] - then[1]});
        })
        .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
        .filter(e -> e.getValue()[0] + e.getValue()[1] >= 0.05)
        .forEach(e -> text.append(text.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
            "%s %.1f s user + %.1f s sys (%.0f us/record)", e.getKey(), e.getValue()[0], e.getValue()[1],
            (e.getValue()[0] + e.getValue()[1]) / records * 1e6)));
    return text.toString();
  }

  /** A thread's name and its latest user and system ticks. */
  private record ThreadCpu(String name, long user, long sys) {}

  /** Reads every thread's CPU from /proc/PID/task/TID/stat into {@code threads}, by thread id. */
  private static void readThreads(long pid, Map<Long, ThreadCpu> threads) {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          long[] ticks = userAndSystemTicks(stat);
          threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, ticks[0], ticks[1]));
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      });
    } catch (IOException | RuntimeException gone) {
      // the process ended
    }
  }

  /**
   * Threads grouped by kind: the kernel keeps 15 characters of a name, and a pool's threads differ only by
   * their trailing number.
   */
  private static Map<String, double[]> byKind(Map<Long, ThreadCpu> threads) {
    Map<String, double[]> kinds = new TreeMap<>();
    synchronized (threads) {
      for (ThreadCpu thread : threads.values()) {
        String name = thread.name();
        String kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT compilers"
            : name.startsWith("vert.x-eventloo") ? "event loop"
            : name.startsWith("vert.x-worker") || name.startsWith("vert.x-internal") ? "workers"
            : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") ? "GC and VM"
            : name.equals("java") ? "main thread"
            : "other";
        double[] cpu = kinds.computeIfAbsent(kind, k -> new double[2]);
        cpu[0] += thread.user() / (double) TICKS_PER_SECOND;
        cpu[1] += thread.sys() / (double) TICKS_PER_SECOND;
      }
    }
    return kinds;
  }

  private static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // ended
    }
    return 0;
  }

  /** The largest heap before a collection and the largest after one (the live data), from a -Xlog:gc log. */
  static long[] heapFromGcLog(Path log) throws IOException {
    Pattern pause = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");
    long peak = 0;
    long live = 0;
    for (String line : Files.readAllLines(log)) {
      Matcher m = pause.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, bytes(m.group(1), m.group(2)));
        live = Math.max(live, bytes(m.group(3), m.group(4)));
      }
    }
    return new long[] {peak, live};
  }

  private static long bytes(String amount, String unit) {
    long n = Long.parseLong(amount);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String value = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      getconf.waitFor();
      return Long.parseLong(value);
    } catch (IOException | InterruptedException | NumberFormatException unknown) {
      return 100;
    }
  }
}
