package io.homesales.cleaning.core;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A rejected event with its reasons, sorted ascending in C collation (the reasons are ASCII, so
 * {@link String#compareTo} is byte order) and never empty.
 */
public record Rejected(long id, List<String> reasons) implements Checked, Outcome {

  public Rejected {
    Objects.requireNonNull(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a rejection has at least one reason");
    }
    reasons = ascending(reasons) ? List.copyOf(reasons) : List.copyOf(new TreeSet<>(reasons));
  }

  /** Whether the reasons are already sorted and distinct, as the core makes them: then they need no set. */
  private static boolean ascending(List<String> reasons) {
    String previous = null;
    for (String reason : reasons) {
      if (previous != null && previous.compareTo(reason) >= 0) {
        return false;
      }
      previous = reason;
    }
    return true;
  }

  public static Rejected of(long id, SortedSet<String> reasons) {
    return new Rejected(id, List.copyOf(reasons));
  }
}
