package io.homesales.cleaning.bench;

import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.OneRun;
import io.homesales.cleaning.job.RunSummary;
import io.homesales.cleaning.job.RunTrigger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's side of {@link JobBenchmark}: one run in a JVM of its own (default heap), configured by the
 * environment like the real job, reporting its wall time, peak heap and peak RSS as JSON on stdout.
 */
public final class BenchmarkedRun {

  private BenchmarkedRun() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.fromEnv(System.getenv());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peakHeap = new AtomicLong();
    AtomicLong peakLive = new AtomicLong();
    List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null).toList();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        // What each heap pool held just after its last collection: the live data, garbage aside.
        peakLive.accumulateAndGet(heapPools.stream().mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum(),
            Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Vertx vertx = Vertx.vertx();
    long start = System.nanoTime();
    RunSummary summary = OneRun.run(vertx, settings, RunTrigger.MANUAL, false)
        .toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.out.println(new JsonObject()
        .put("summary", summary.toJson())
        .put("wallSeconds", seconds)
        .put("recordsPerSecond", summary.selected() / seconds)
        .put("peakHeapBytes", peakHeap.get())
        .put("peakLiveHeapBytes", peakLive.get())
        .put("maxHeapBytes", memory.getHeapMemoryUsage().getMax())
        .put("peakRssBytes", peakRss())
        .encode());
  }

  /** VmHWM of /proc/self/status: the process's peak resident set; -1 where there is no /proc. */
  static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
