package io.homesales.cleaning.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The commands: each one's name, the options it takes, its line in the overview, and the help that
 * {@code cleaning-job help COMMAND} and {@code COMMAND --help} print. Help never needs a database or a setting.
 */
enum Command {

  RUN("run", List.of(), """
      run                            the scheduler: a run at start, then every CLEANING_JOB_INTERVAL_SECONDS;
                                     with CLEANING_JOB_HTTP_PORT, the operations API, dashboard, metrics, health""", """
      usage: cleaning-job run

      The scheduler: a run at start (unless CLEANING_JOB_RUN_ON_START=false), then one every
      CLEANING_JOB_INTERVAL_SECONDS (900), one run at a time across processes. With CLEANING_JOB_HTTP_PORT it also
      serves the dashboard, the JSON API, Prometheus metrics and health checks (docs/operations.md).

      SIGTERM or Ctrl-C stops it: the run in flight writes the records already sent, is recorded as interrupted,
      and the process exits 0 (1 if it could not stop within 9 s). A second signal exits at once.

      exit status: 0 stopped cleanly, 1 could not start or stop cleanly, 2 bad usage or settings
      settings: every one listed by 'cleaning-job help'; docs/settings.md says what each does"""),

  RUN_ONCE("run-once", List.of("--dry-run", "--force"), """
      run-once [--dry-run] [--force] one run; prints its summary as JSON; exit 0 if it succeeded, 1 if not
                                     (--dry-run rolls every write back and reports what it would have done)""", """
      usage: cleaning-job run-once [--dry-run] [--force]

      One run: the newest unprocessed events, at most CLEANING_JOB_MAX_RECORDS_PER_RUN, each cleaned and written
      in its own transaction. Prints the run's summary as JSON on stdout; logs go to stderr.

        --dry-run   cleans every record and rolls every write back: the summary says what a run would do, and
                    only the run's row in the history is kept
        --force     while the quality gates hold the job, writes without the probe first (the gates still
                    judge the run, and can stop it again); docs/quality-gates.md

      SIGTERM or Ctrl-C interrupts the run: the records already sent are written, the run is recorded as
      interrupted, and the process exits 143 (SIGTERM) or 130 (Ctrl-C). The next run takes the rest.

      exit status: 0 succeeded, 1 failed or skipped (another process runs), 2 bad usage or settings,
                   130 or 143 interrupted
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT and CLEANING_JOB_*
                (docs/settings.md)"""),

  INIT_SCHEMA("init-schema", List.of("--with-upstream"), """
      init-schema [--with-upstream]  creates or upgrades the job's tables (and creates the upstream ones)""", """
      usage: cleaning-job init-schema [--with-upstream]

      Creates the job's tables, or upgrades them in place; run it again after every upgrade, as a role allowed
      to create tables (docs/security.md). Safe to repeat.

        --with-upstream   also creates the upstream tables (raw events, zip population, schools, mortgage
                          rates) where they are missing: for a database of your own to try the job on

      exit status: 0 applied, 1 failed, 2 bad usage or settings
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT (docs/settings.md)"""),

  LOAD_SAMPLE("load-sample", List.of(), """
      load-sample                    creates the upstream tables if missing and loads the King County sample
                                     (3,000 sales and their enrichment) into an empty raw_home_sale_events""", """
      usage: cleaning-job load-sample

      Creates the upstream tables where they are missing and loads the shipped King County sample: 3,000 raw
      sale events (May 2014 - May 2015) with their zip population, schools and mortgage rates. It loads only
      into an empty raw_home_sale_events and changes nothing otherwise.

      exit status: 0 loaded, 1 failed or the table is not empty, 2 bad usage or settings
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT (docs/settings.md)"""),

  REPROCESS("reprocess", Reprocess.OPTIONS, """
      reprocess <selectors> [--dry-run] [--run-now] [--sample N]
                                     puts processed records back in the to-do list, in one transaction; prints
                                     {"matched", "requeued", "sample"} as JSON (selectors: reprocess --help)""", """
      usage: cleaning-job reprocess <selectors> [--dry-run] [--run-now] [--sample N]

      Puts processed records back in the job's to-do list, in one transaction, so that the next run cleans them
      again (docs/reprocessing.md). Prints {"requestId", "matched", "requeued", "sample"} as JSON.

      selectors, combined (a record must match every one given):
        --reason PATTERN       a reason or a field's reasons: price:range, enrichment:*, payload:not_json
                               (repeatable: any of them matches)
        --outcome O            cleaned or rejected
        --ids 1,2,3            these events
        --id-range FROM-TO     events with ids from FROM to TO
        --received-from T      events received at or after T (ISO-8601 with an offset, 2026-12-01T00:00:00Z)
        --received-to T        events received before T
        --sale-date-from D     cleaned records sold on or after D (2015-01-31)
        --sale-date-to D       cleaned records sold on or before D
        --run RUN_ID           records that run processed
        --all                  every processed record (alone: no other selector)
      options:
        --dry-run              counts and samples the matching records, changes nothing
        --run-now              runs the job right after, and prints its summary as "run"
        --sample N             how many matching ids to print (0 to 100, default 20)

      exit status: 0 done, 1 failed or refused (a run is in flight), 2 bad usage or settings
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT and, with --run-now,
                CLEANING_JOB_* (docs/settings.md)"""),

  HOLD("hold", List.of("--clear", "--accept"), """
      hold [--clear | --accept]      shows the quality gates' hold and its audit as JSON, or ends it""", """
      usage: cleaning-job hold [--clear | --accept]

      The quality gates' hold (docs/quality-gates.md): while a failing gate holds the job, each run first probes
      the newest pending records and writes only if they pass. Without an option, prints the hold and the newest
      entries of its audit as JSON.

        --clear     ends the hold: the next run writes without a probe
        --accept    ends the hold and takes the held run's shares as normal: the baselines start again from it

      exit status: 0 done, 1 failed or not held (with --clear or --accept), 2 bad usage or settings
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT (docs/settings.md)"""),

  AWAIT("await", List.of("--through", "--timeout", "--poll"), """
      await --through T [--timeout D] [--poll D]
                                     waits until every event received before T is processed: exit 0, 1 at
                                     the timeout (default 1h), 2 on bad input; D is ISO-8601 (PT30M) or 30s, 5m, 2h""",
      """
      usage: cleaning-job await --through T [--timeout D] [--poll D]

      Waits until every raw event received before T is processed, as the view cleaning_job_status tells it
      (complete_through >= T): a gate for the jobs that train on the clean data (docs/readiness.md). Prints
      {"ready", "through", "completeThrough"} as JSON when it ends. A database that does not answer is retried
      until the timeout.

        --through T    an ISO-8601 timestamp with an offset: 2026-12-01T00:00:00Z
        --timeout D    how long to wait (default 1h)
        --poll D       how often to look (default 10s)
      D is ISO-8601 (PT30M) or short: 500ms, 30s, 5m, 2h, 1d.

      exit status: 0 ready, 1 timed out, 2 bad usage or settings
      settings: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT (docs/settings.md)"""),

  DEMO("demo", List.of("--serve", "--port"), """
      demo [--serve] [--port N]      an embedded PostgreSQL, the sample, one run; --serve keeps the job and its
                                     dashboard up (port 8080 unless --port)""", """
      usage: cleaning-job demo [--serve] [--port N]

      The job on an embedded PostgreSQL, for a first look with nothing installed: every table, the King County
      sample, one run, the newest clean rows and every rejection. The PostgreSQL binaries are extracted once
      into cleaning-job-pg-binaries under the JVM's temp directory (java -Djava.io.tmpdir=DIR moves it); each
      demo's database is deleted when it ends. No setting is read but LOG_LEVEL.

        --serve        keeps the job up afterwards, scheduled every 15 minutes, with its dashboard, API and metrics
                       on 127.0.0.1; prints the address and an API token for the page's buttons
        --port N       the dashboard's port (default 8080), checked before anything starts

      SIGTERM or Ctrl-C stops it and its PostgreSQL: exit 0 with --serve; during the run, 143 or 130.

      exit status: 0 done, 1 failed, 2 bad usage (a taken --port)"""),

  HELP("help", List.of(), """
      help [COMMAND | settings]      this text, a command's (as COMMAND --help), or every setting's""", """
      usage: cleaning-job help [COMMAND | settings]

      The commands and every setting; with a command, that command's help (the same as COMMAND --help); with
      'settings', every setting with its meaning and default.""");

  final String name;
  final List<String> options;
  final String overview;
  final String help;

  Command(String name, List<String> options, String overview, String help) {
    this.name = name;
    this.options = options;
    this.overview = overview;
    this.help = help;
  }

  static Optional<Command> named(String name) {
    return Arrays.stream(values()).filter(c -> c.name.equals(name)).findFirst();
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(c -> c.name).toList());
  }
}
