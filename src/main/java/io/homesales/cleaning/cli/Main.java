package io.homesales.cleaning.cli;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.SettingsException;
import io.homesales.cleaning.job.SettingsReader;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar cleaning-job.jar <command>}. Exit status: 0 done, 1 the run or command failed,
 * 2 bad usage or settings (one line on stderr naming each problem).
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** The scheduler keeps the JVM alive: main returns without exiting. */
  static final int RUNNING = -1;

  static final String USAGE_TEXT = """
      usage: cleaning-job <command>
        run                          the scheduler: a run at start, then every CLEANING_JOB_INTERVAL_SECONDS
        run-once [--dry-run]         one run; prints its summary as JSON; exit 0 if it succeeded, 1 if not
                                     (--dry-run rolls every write back and reports what it would have done)
        init-schema [--with-upstream] creates the job's tables (and the upstream ones) if missing
        demo                         starts an embedded PostgreSQL, loads the King County sample, runs once
      settings (environment): PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGSSLMODE PGSSLROOTCERT
        CLEANING_JOB_INTERVAL_SECONDS (900) CLEANING_JOB_BATCH_SIZE (500) CLEANING_JOB_MAX_RECORDS_PER_RUN (10000)""";

  private Main() {}

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    if (status != RUNNING) {
      System.exit(status);
    }
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    String command = args.get(0);
    List<String> options = args.subList(1, args.size());
    try {
      return switch (command) {
        case "run" -> {
          if (!only(options, List.of(), err)) {
            yield USAGE;
          }
          SettingsReader reader = SettingsReader.ofEnv(env);
          JobSettings job = JobSettings.read(reader);
          HttpSettings http = HttpSettings.read(reader);
          reader.check();
          yield Commands.scheduler(job, http, err);
        }
        case "run-once" -> only(options, List.of("--dry-run"), err)
            ? Commands.runOnce(JobSettings.fromEnv(env), options.contains("--dry-run"), out, err) : USAGE;
        case "init-schema" -> only(options, List.of("--with-upstream"), err)
            ? Commands.initSchema(JobSettings.fromEnv(env), options.contains("--with-upstream"), out, err) : USAGE;
        case "demo" -> only(options, List.of(), err) ? Demo.run(out, err) : USAGE;
        case "help", "--help", "-h" -> {
          out.println(USAGE_TEXT);
          yield OK;
        }
        default -> {
          err.println("cleaning-job: unknown command '" + command + "'\n" + USAGE_TEXT);
          yield USAGE;
        }
      };
    } catch (SettingsException bad) {
      err.println("cleaning-job: " + bad.getMessage());
      return USAGE;
    }
  }

  private static boolean only(List<String> options, List<String> allowed, PrintStream err) {
    for (String option : options) {
      if (!allowed.contains(option)) {
        err.println("cleaning-job: unknown option '" + option + "'\n" + USAGE_TEXT);
        return false;
      }
    }
    return true;
  }
}
