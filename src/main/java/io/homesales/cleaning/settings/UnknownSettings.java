package io.homesales.cleaning.settings;

import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Environment variables that look meant for the job but are not among its settings: a {@code CLEANING_JOB_*}
 * variable it does not know (most often a typo, {@code CLEANING_JOB_BATCHSIZE}), or a libpq variable it does not
 * read. Each gets a warning naming the closest known setting, never a refusal, so that an older image still
 * starts with a newer environment.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class UnknownSettings {

  public static final String PREFIX = "CLEANING_JOB_";

  /**
   * libpq variables a user may expect to work that the job does not read, with what to use instead: the job
   * connects with the variables of {@link JobSettings#KEYS} only.
   */
  private static final Map<String, String> LIBPQ_UNREAD = Map.of(
      "PGSSLCERT", "the job does not authenticate with a client certificate",
      "PGSSLKEY", "the job does not authenticate with a client certificate",
      "PGPASSFILE", "the job reads its password from PGPASSWORD only",
      "PGSERVICE", "the job reads PGHOST, PGPORT, PGDATABASE and PGUSER, not a service file",
      "PGHOSTADDR", "the job connects to PGHOST",
      "PGOPTIONS", "the job sets no server options",
      "PGCONNECT_TIMEOUT", "the job uses its client's connect timeout",
      "PGSSLCRL", "the job checks no revocation list");

  private UnknownSettings() {}

  /** One warning per suspicious variable, sorted by name; none when every variable is known or foreign. */
  public static List<String> warnings(Map<String, String> env, Collection<Key> known) {
    Set<String> names = new TreeSet<>();
    known.forEach(key -> names.add(key.env()));
    List<String> warnings = new ArrayList<>();
    for (String variable : new TreeSet<>(env.keySet())) {
      if (variable.startsWith(PREFIX) && !names.contains(variable) && !injectedByKubernetes(variable)) {
        String closest = closest(variable, names);
        warnings.add(variable + " is not a setting of this job and is ignored"
            + (closest == null ? "; its settings are listed by 'cleaning-job help'" : "; did you mean " + closest + "?"));
      } else if (LIBPQ_UNREAD.containsKey(variable)) {
        warnings.add(variable + " is ignored: " + LIBPQ_UNREAD.get(variable));
      }
    }
    return warnings;
  }

  /**
   * One warning per key of a verticle's JSON config that is a likely typo of a known key ({@code batchsize} for
   * {@code batchSize}), sorted. Other keys are left alone: a host's config may carry settings of its own.
   */
  public static List<String> jsonWarnings(JsonObject config, Collection<Key> known) {
    Set<String> names = new TreeSet<>();
    known.forEach(key -> names.add(key.json()));
    List<String> warnings = new ArrayList<>();
    for (String field : new TreeSet<>(config.fieldNames())) {
      if (!names.contains(field)) {
        String closest = closestKey(field, names);
        if (closest != null) {
          warnings.add("'" + field + "' is not a setting of this job and is ignored; did you mean '" + closest + "'?");
        }
      }
    }
    return warnings;
  }

  /** The known JSON key within a few edits of {@code field}, ignoring case; null when none is close. */
  static String closestKey(String field, Collection<String> known) {
    return withinEdits(field.toLowerCase(Locale.ROOT), known, name -> name.toLowerCase(Locale.ROOT),
        Math.max(2, field.length() / 3));
  }

  /** The known name (compared as {@code form} gives it) fewest edits from {@code name}, at most {@code allowed}. */
  private static String withinEdits(String name, Collection<String> known, UnaryOperator<String> form, int allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(name, form.apply(candidate));
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /**
   * What Kubernetes sets in every pod for a Service named {@code cleaning-job}: {@code CLEANING_JOB_PORT},
   * {@code CLEANING_JOB_PORT_8080_TCP...} and {@code CLEANING_JOB_SERVICE_HOST/PORT...}.
   */
  static boolean injectedByKubernetes(String variable) {
    return variable.equals(PREFIX + "PORT") || variable.startsWith(PREFIX + "PORT_")
        || variable.startsWith(PREFIX + "SERVICE_");
  }

  /**
   * The known name a typo most likely meant: within a few edits (a third of the name after the prefix, at least
   * two), or the one whose words contain all of the unknown name's ({@code CLEANING_JOB_TOKEN}, for
   * {@code CLEANING_JOB_API_TOKEN}); null when none is close.
   */
  static String closest(String variable, Collection<String> known) {
    String best = withinEdits(variable, known, UnaryOperator.identity(),
        Math.max(2, (variable.length() - PREFIX.length()) / 3));
    if (best != null) {
      return best;
    }
    List<String> words = Arrays.asList(variable.substring(Math.min(PREFIX.length(), variable.length())).split("_"));
    for (String name : known) {
      if (name.startsWith(PREFIX) && Arrays.asList(name.substring(PREFIX.length()).split("_")).containsAll(words)) {
        return name;
      }
    }
    return null;
  }

  /** Levenshtein's distance: the fewest insertions, deletions and substitutions from one to the other. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
