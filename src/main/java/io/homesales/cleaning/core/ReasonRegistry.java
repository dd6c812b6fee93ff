package io.homesales.cleaning.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reasons a job can give: the core's ({@link Reasons}) and those that later stages register, each prefixed
 * with its stage's name ({@code model:no_score} for a stage named {@code model}). What selects or counts records by
 * reason asks this registry, not the core's list: {@code reprocess --reason}, the quality history's samples, and
 * the metrics' {@code reason} label, whose values stay bounded by what is registered. The core depends on no
 * stage: a stage registers its reasons here, and the job is given the registry that results.
 *
 * <p>Immutable: {@link #register} returns a new registry. docs/architecture.md says where a stage's reasons go.
 */
public final class ReasonRegistry {

  /** The core's reasons only: what the job gives today. */
  public static final ReasonRegistry CORE = new ReasonRegistry(Map.of());

  /** A stage's name, or a reason's detail: lower case, digits and underscores, as the core's are. */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private final Map<String, List<String>> stages;
  private final Set<String> registered;

  private ReasonRegistry(Map<String, List<String>> stages) {
    this.stages = stages;
    Set<String> all = new HashSet<>();
    stages.values().forEach(all::addAll);
    this.registered = Set.copyOf(all);
  }

  /**
   * This registry and the reasons of {@code stage}: each {@code <stage>:<detail>}. A stage's name may not be
   * one of the core's subjects (a field, {@code payload}, {@code enrichment}, {@code database}) or a stage already
   * registered, so that no two parts of the job can give the same reason.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public ReasonRegistry register(String stage, Collection<String> details) {
    if (stage == null || !WORD.matcher(stage).matches()) {
      throw new IllegalArgumentException("a stage's name is lower case, digits and underscores: '" + stage + "'");
    }
    if (Reasons.subjects().contains(stage) || stages.containsKey(stage)) {
      throw new IllegalArgumentException("'" + stage + "' already gives reasons: " + subjects());
    }
    if (details.isEmpty()) {
      throw new IllegalArgumentException("stage '" + stage + "' registers no reason");
    }
    List<String> reasons = new ArrayList<>();
    for (String detail : details) {
      if (detail == null || !WORD.matcher(detail).matches()) {
        throw new IllegalArgumentException("a reason's detail is lower case, digits and underscores: '" + stage + ":"
            + detail + "'");
      }
      reasons.add(stage + ":" + detail);
    }
    Map<String, List<String>> more = new LinkedHashMap<>(stages);
    more.put(stage, List.copyOf(reasons));
    return new ReasonRegistry(Collections.unmodifiableMap(more));
  }

  /** Whether the job can give this reason: a core reason, or one a stage registered. */
  public boolean isKnown(String reason) {
    return reason != null && (Reasons.isKnown(reason) || registered.contains(reason));
  }

  /** What reasons can be about: the core's subjects, then each stage's name, in the order registered. */
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>(Reasons.subjects());
    subjects.addAll(stages.keySet());
    return List.copyOf(subjects);
  }

  /** Every reason but the {@code database:*} ones: the core's, then each stage's. */
  public List<String> fixedReasons() {
    List<String> reasons = new ArrayList<>(Reasons.fixedReasons());
    stages.values().forEach(reasons::addAll);
    return List.copyOf(reasons);
  }

  /** The stages registered, in order. */
  public List<String> stages() {
    return List.copyOf(stages.keySet());
  }
}
