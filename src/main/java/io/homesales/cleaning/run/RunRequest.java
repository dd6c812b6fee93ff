package io.homesales.cleaning.run;

/**
 * What a run is asked to do.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 *
 * @param maxRecords at most this many events; null: the job's setting
 * @param note free text recorded with the run, e.g. why it was forced
 * @param force while the quality gates hold the job, write without a probe first (docs/quality-gates.md)
 */
public record RunRequest(RunTrigger trigger, boolean dryRun, Integer maxRecords, String note, boolean force) {

  public static RunRequest of(RunTrigger trigger) {
    return new RunRequest(trigger, false, null, null, false);
  }

  public static RunRequest of(RunTrigger trigger, boolean dryRun) {
    return new RunRequest(trigger, dryRun, null, null, false);
  }
}
