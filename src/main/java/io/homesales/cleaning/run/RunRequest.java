package io.homesales.cleaning.run;

import java.util.List;

/**
 * What a run is asked to do.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 *
 * @param maxRecords at most this many events; null: the job's setting
 * @param note free text recorded with the run, e.g. why it was forced
 * @param force while the quality gates hold the job, write without a probe first (docs/quality-gates.md)
 * @param requeuedFor the reason patterns of the re-processing request that started the run (its records were
 *     re-queued for them): the gates on those reasons, and the overall one, do not break it; empty otherwise
 */
public record RunRequest(RunTrigger trigger, boolean dryRun, Integer maxRecords, String note, boolean force,
    List<String> requeuedFor) {

  public RunRequest {
    requeuedFor = requeuedFor == null ? List.of() : List.copyOf(requeuedFor);
  }

  /** A run as the schedule, a forced request or {@code run-once} asks for it. */
  public RunRequest(RunTrigger trigger, boolean dryRun, Integer maxRecords, String note, boolean force) {
    this(trigger, dryRun, maxRecords, note, force, List.of());
  }

  public static RunRequest of(RunTrigger trigger) {
    return new RunRequest(trigger, false, null, null, false);
  }

  public static RunRequest of(RunTrigger trigger, boolean dryRun) {
    return new RunRequest(trigger, dryRun, null, null, false);
  }
}
