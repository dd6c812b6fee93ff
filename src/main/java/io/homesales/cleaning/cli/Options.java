package io.homesales.cleaning.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's options: {@code --flag}, {@code --name value} or {@code --name=value}, an option repeatable where
 * the command says so. Every problem is a {@link UsageException} naming the option (exit status 2).
 */
final class Options {

  /** A bad command line: the message names the option. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, List<String>> given = new LinkedHashMap<>();

  Options(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      }
      given.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
  }

  /** Refuses any option but these. */
  void allow(String... names) {
    Set<String> allowed = Set.of(names);
    for (String name : given.keySet()) {
      if (!allowed.contains(name)) {
        throw new UsageException(name + ": unknown option" + (allowed.isEmpty() ? " (this command takes none)"
            : "; known: " + String.join(", ", allowed.stream().sorted().toList())));
      }
    }
  }

  boolean flag(String name) {
    List<String> values = given.get(name);
    if (values == null) {
      return false;
    }
    if (values.size() > 1) {
      throw new UsageException(name + " is given more than once");
    }
    if (values.get(0) != null) {
      throw new UsageException(name + " takes no value (got '" + values.get(0) + "')");
    }
    return true;
  }

  /** The option's one value, or null when it is not given. */
  String value(String name) {
    List<String> values = values(name);
    if (values.size() > 1) {
      throw new UsageException(name + " is given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a repeatable option. */
  List<String> values(String name) {
    List<String> values = given.getOrDefault(name, List.of());
    for (String value : values) {
      if (value == null) {
        throw new UsageException(name + " needs a value");
      }
    }
    return values;
  }

  int integer(String name, int fallback, int min, int max) {
    String value = value(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // below
    }
    throw new UsageException(name + " must be an integer from " + min + " to " + max + " (got '" + value + "')");
  }
}
