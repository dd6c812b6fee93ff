package io.homesales.cleaning.cli;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.job.ReprocessRequest;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.settings.Setting;
import io.homesales.cleaning.settings.SettingRegistry;
import io.homesales.cleaning.settings.SettingsException;
import io.homesales.cleaning.settings.SettingsReader;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.homesales.cleaning.settings.UnknownSettings;
import io.homesales.cleaning.store.Faults;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar cleaning-job.jar <command>}. Exit status: 0 done, 1 the run or command failed, 2 bad usage
 * or settings (one line on stderr naming the problems), 128 + a signal's number for a one-shot command that the
 * signal interrupted ({@link Stopping}). The command line is checked before the settings, and the settings before
 * anything connects; help never needs either.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  /** The runnable jar's log level, which its logback.xml reads from the environment: no record holds it. */
  static final Setting<Void, String> LOG_LEVEL = Setting.text("LOG_LEVEL", "logLevel", none -> null, "INFO",
      "the log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF, in any case");
  /** The topic of {@code cleaning-job help settings}. */
  static final String SETTINGS_TOPIC = "settings";

  private Main() {}

  /** The commands, then every setting: the job's, then the HTTP surface's, then the log level. */
  static String usage() {
    String commands = Arrays.stream(Command.values()).map(c -> c.overview.indent(2).stripTrailing())
        .collect(Collectors.joining("\n"));
    return "usage: cleaning-job <command> [options]     (cleaning-job help COMMAND, or COMMAND --help: a command's"
        + " help)\n" + commands + "\nsettings (environment variables; docs/settings.md says what each does):\n"
        + wrap(JobSettings.KEYS) + "\n" + wrap(HttpSettings.KEYS) + "\n  LOG_LEVEL\n"
        + "  (cleaning-job help settings: each one's default and meaning)";
  }

  /** {@code cleaning-job help settings}: every setting with its meaning and default, from its declaration. */
  static String settingsHelp() {
    return "settings (environment variables; a verticle's JSON config names them by the JSON keys of"
        + " docs/settings.md):\nthe database and the job:\n" + JobSettings.SETTINGS.help()
        + "\nthe operations server:\n" + HttpSettings.SETTINGS.help() + "\nthe runnable jar:\n"
        + new SettingRegistry<>(LOG_LEVEL).help();
  }

  /** Every setting the runnable jar reads: the job's, the HTTP surface's, the log level. */
  static List<Key> settings() {
    List<Key> all = new ArrayList<>(JobSettings.KEYS);
    all.addAll(HttpSettings.KEYS);
    all.add(LOG_LEVEL.key());
    return all;
  }

  private static String wrap(List<Key> keys) {
    String all = keys.stream().map(Key::env).collect(Collectors.joining(" "));
    StringBuilder text = new StringBuilder("  ");
    int line = 2;
    for (String word : all.split(" ")) {
      if (line + word.length() > 110) {
        text.setLength(text.length() - 1);
        text.append("\n  ");
        line = 2;
      }
      text.append(word).append(' ');
      line += word.length() + 1;
    }
    return text.toString().stripTrailing();
  }

  public static void main(String[] args) {
    int status;
    try {
      status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
    } catch (Throwable unexpected) {
      status = report(unexpected, System.err);
    }
    System.exit(status);
  }

  /**
   * What reaches main uncaught: an operational fault (the database refused, a file is missing) in one line, since
   * its stack trace says nothing an operator can act on; anything else, a bug, with its stack trace.
   */
  static int report(Throwable unexpected, PrintStream err) {
    if (Faults.operational(unexpected)) {
      err.println("cleaning-job: " + Faults.message(unexpected));
    } else {
      err.println("cleaning-job: unexpected error (a bug: please report it with this trace)");
      unexpected.printStackTrace(err);
    }
    return FAILED;
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    if (args.isEmpty()) {
      err.println(usage());
      return USAGE;
    }
    String name = args.get(0);
    List<String> rest = args.subList(1, args.size());
    if (name.equals("--help") || name.equals("-h")) {
      name = Command.HELP.name;
    }
    Command command = Command.named(name).orElse(null);
    if (command == null) {
      err.println("cleaning-job: unknown command '" + name + "'; the commands: " + Command.names()
          + " ('cleaning-job help' says what each does)");
      return USAGE;
    }
    if (command == Command.HELP) {
      return help(rest, out, err);
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println(command.help);
      return OK;
    }
    try {
      return dispatch(command, new Options(rest), env, out, err);
    } catch (Options.UsageException bad) {
      err.println("cleaning-job: " + name + ": " + bad.getMessage());
      return USAGE;
    } catch (SettingsException bad) {
      err.println("cleaning-job: " + bad.getMessage());
      return USAGE;
    }
  }

  private static int help(List<String> rest, PrintStream out, PrintStream err) {
    if (rest.isEmpty()) {
      out.println(usage());
      return OK;
    }
    if (rest.equals(List.of(SETTINGS_TOPIC))) {
      out.println(settingsHelp());
      return OK;
    }
    String asked = rest.get(0).equals("--help") || rest.get(0).equals("-h") ? Command.HELP.name : rest.get(0);
    Command command = rest.size() == 1 ? Command.named(asked).orElse(null) : null;
    if (command == null) {
      err.println("cleaning-job: help: " + (rest.size() == 1 ? "unknown command '" + rest.get(0) + "'" : "takes one"
          + " command") + "; the commands: " + Command.names());
      return USAGE;
    }
    out.println(command.help);
    return OK;
  }

  /**
   * The command's options are checked first, then the settings it reads, in one reader so that one line names
   * every bad setting; warnings (a likely typo, a setting with no effect) go to stderr and stop nothing.
   */
  private static int dispatch(Command command, Options options, Map<String, String> env, PrintStream out,
      PrintStream err) throws Exception {
    options.allow(command.options.toArray(String[]::new));
    SettingsReader reader = SettingsReader.ofEnv(env);
    logLevel(reader);
    switch (command) {
      case RUN -> {
        JobSettings job = JobSettings.read(reader);
        HttpSettings http = HttpSettings.read(reader);
        checked(reader, env, err);
        return Commands.scheduler(job, http, err);
      }
      case RUN_ONCE -> {
        boolean dryRun = options.flag("--dry-run");
        boolean force = options.flag("--force");
        return Commands.runOnce(checked(JobSettings.read(reader), reader, env, err), dryRun, force, out, err);
      }
      case HOLD -> {
        String action = Hold.action(options);
        return Hold.run(action, checked(JobSettings.read(reader), reader, env, err), out, err);
      }
      case INIT_SCHEMA -> {
        boolean withUpstream = options.flag("--with-upstream");
        return Commands.initSchema(checked(JobSettings.read(reader), reader, env, err), withUpstream, out, err);
      }
      case LOAD_SAMPLE -> {
        return Commands.loadSample(checked(JobSettings.read(reader), reader, env, err), out, err);
      }
      case REPROCESS -> {
        ReprocessRequest request = Reprocess.request(options);
        return Reprocess.run(request, checked(JobSettings.read(reader), reader, env, err), out, err);
      }
      case AWAIT -> {
        Await.Wait wait = Await.parse(options);
        return Await.run(wait, checked(JobSettings.read(reader), reader, env, err), out, err);
      }
      case DEMO -> {
        boolean serve = options.flag("--serve");
        int port = options.integer("--port", 8080, 1, 65_535);
        checked(reader, env, err);
        return Demo.run(serve, port, out, err);
      }
      default -> throw new IllegalStateException("no dispatch for " + command);
    }
  }

  private static <T> T checked(T settings, SettingsReader reader, Map<String, String> env, PrintStream err) {
    checked(reader, env, err);
    return settings;
  }

  /** Refuses every bad setting at once; then prints each warning, and those for the variables it does not know. */
  private static void checked(SettingsReader reader, Map<String, String> env, PrintStream err) {
    reader.check();
    List<String> warnings = new ArrayList<>(reader.warnings());
    warnings.addAll(UnknownSettings.warnings(env, settings()));
    warnings.forEach(warning -> err.println("cleaning-job: warning: " + warning));
  }

  /** LOG_LEVEL is read by logback, which would not refuse a word it does not know: a bad one is refused here. */
  private static void logLevel(SettingsReader reader) {
    String level = LOG_LEVEL.read(reader);
    if (!LOG_LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
      reader.problem(LOG_LEVEL, "must be one of " + String.join(", ", LOG_LEVELS) + " (got '" + level + "')");
    }
  }
}
