package io.homesales.cleaning.cli;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.SettingsException;
import io.homesales.cleaning.job.SettingsReader;
import io.homesales.cleaning.job.SettingsReader.Key;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar cleaning-job.jar <command>}. Exit status: 0 done, 1 the run or command failed, 2 bad usage
 * or settings (one line on stderr naming each problem).
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** The scheduler keeps the JVM alive: main returns without exiting. */
  static final int RUNNING = -1;

  static final String COMMANDS = """
      usage: cleaning-job <command> [options]
        run                            the scheduler: a run at start, then every CLEANING_JOB_INTERVAL_SECONDS;
                                       with CLEANING_JOB_HTTP_PORT, the operations API, dashboard, metrics, health
        run-once [--dry-run]           one run; prints its summary as JSON; exit 0 if it succeeded, 1 if not
                                       (--dry-run rolls every write back and reports what it would have done)
        init-schema [--with-upstream]  creates or upgrades the job's tables (and creates the upstream ones)
        load-sample                    creates the upstream tables if missing and loads the King County sample
                                       (3,000 sales and their enrichment) into an empty raw_home_sale_events
        reprocess <selectors> [--dry-run] [--run-now] [--sample N]
                                       puts processed records back in the to-do list, in one transaction; prints
                                       {"matched", "requeued", "sample"} as JSON. Selectors, combined:
                                       --reason PATTERN (repeatable: price:range, enrichment:*), --outcome
                                       cleaned|rejected, --ids 1,2,3, --id-range FROM-TO, --received-from T,
                                       --received-to T, --sale-date-from D, --sale-date-to D, --run RUN_ID;
                                       or --all for every processed record
        await --through T [--timeout D] [--poll D]
                                       waits until every event received before T is processed: exit 0, 1 at
                                       the timeout (default 1h), 2 on bad input; D is ISO-8601 (PT30M) or 30s, 5m, 2h
        demo [--serve] [--port N]      an embedded PostgreSQL, the sample, one run; --serve keeps the job and its
                                       dashboard up (port 8080 unless --port)
        help                           this text""";

  private Main() {}

  /** The commands, then every setting: the job's, then the HTTP surface's. */
  static String usage() {
    return COMMANDS + "\nsettings (environment variables; docs/settings.md says what each does):\n"
        + wrap(JobSettings.KEYS) + "\n" + wrap(HttpSettings.KEYS) + "\n  LOG_LEVEL (INFO)";
  }

  private static String wrap(List<Key> keys) {
    String all = keys.stream().map(Key::env).collect(Collectors.joining(" "));
    StringBuilder text = new StringBuilder("  ");
    int line = 2;
    for (String word : all.split(" ")) {
      if (line + word.length() > 110) {
        text.append("\n  ");
        line = 2;
      }
      text.append(word).append(' ');
      line += word.length() + 1;
    }
    return text.toString().stripTrailing();
  }

  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    if (status != RUNNING) {
      System.exit(status);
    }
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(usage());
      return USAGE;
    }
    String command = args.get(0);
    Options options = new Options(command, args.subList(1, args.size()));
    try {
      return switch (command) {
        case "run" -> {
          options.allow();
          SettingsReader reader = SettingsReader.ofEnv(env);
          JobSettings job = JobSettings.read(reader);
          HttpSettings http = HttpSettings.read(reader);
          reader.check();
          yield Commands.scheduler(job, http, err);
        }
        case "run-once" -> {
          options.allow("--dry-run");
          yield Commands.runOnce(JobSettings.fromEnv(env), options.flag("--dry-run"), out, err);
        }
        case "init-schema" -> {
          options.allow("--with-upstream");
          yield Commands.initSchema(JobSettings.fromEnv(env), options.flag("--with-upstream"), out, err);
        }
        case "load-sample" -> {
          options.allow();
          yield Commands.loadSample(JobSettings.fromEnv(env), out, err);
        }
        case "reprocess" -> Reprocess.run(options, JobSettings.fromEnv(env), out, err);
        case "await" -> Await.run(options, JobSettings.fromEnv(env), out, err);
        case "demo" -> {
          options.allow("--serve", "--port");
          yield Demo.run(options.flag("--serve"), options.integer("--port", 8080, 1, 65_535), out, err);
        }
        case "help", "--help", "-h" -> {
          out.println(usage());
          yield OK;
        }
        default -> {
          err.println("cleaning-job: unknown command '" + command + "'\n" + usage());
          yield USAGE;
        }
      };
    } catch (SettingsException bad) {
      err.println("cleaning-job: " + bad.getMessage());
      return USAGE;
    } catch (Options.UsageException bad) {
      err.println("cleaning-job: " + command + ": " + bad.getMessage());
      return USAGE;
    }
  }
}
