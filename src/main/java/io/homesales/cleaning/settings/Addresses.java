package io.homesales.cleaning.settings;

/**
 * The job's event-bus API: where to send its requests and where it publishes. Each is configurable, so that
 * two jobs can share one event bus.
 *
 * @param run request: starts a run ({@code {"wait", "dryRun", "maxRecords", "note"}}, all optional)
 * @param status request: the job's status, as {@code GET /api/v1/status} answers it
 * @param runs publish: every run's summary when it ends
 * @param control request: {@code {"action": "cancel", "runId"}}, {@code {"action": "pause"|"resume"}}
 * @param reprocess request: puts processed records back in the to-do list (selectors, dry run)
 * @param query request: read-only questions on the history ({@code {"query": "runs"|"run"|...}})
 */
public record Addresses(String run, String status, String runs, String control, String reprocess, String query) {

  public static final String DEFAULT_RUN = "cleaning-job.run";
  public static final String DEFAULT_STATUS = "cleaning-job.status";
  public static final String DEFAULT_RUNS = "cleaning-job.runs";
  public static final String DEFAULT_CONTROL = "cleaning-job.control";
  public static final String DEFAULT_REPROCESS = "cleaning-job.reprocess";
  public static final String DEFAULT_QUERY = "cleaning-job.query";

  public static final Addresses DEFAULT = new Addresses(DEFAULT_RUN, DEFAULT_STATUS, DEFAULT_RUNS, DEFAULT_CONTROL,
      DEFAULT_REPROCESS, DEFAULT_QUERY);
}
