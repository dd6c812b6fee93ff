package io.homesales.cleaning.job;

import io.homesales.cleaning.run.CleaningRun;
import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunSummary;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * What the verticle is doing, and what that lets it start: the run in flight, the hold a re-processing request
 * puts on runs while it is applied, and a counter of schedule changes that tells a tick its reading is stale.
 * Each guard is here once; the verticle asks before it acts. The states the next features add (held by a quality
 * gate, a re-score or a preview in progress) belong here beside these (docs/architecture.md).
 *
 * <p>Confined to the verticle's event loop, as everything it guards is: no locking.
 */
final class JobState {

  private CleaningRun inFlight;
  /** The run in flight's own end; the verticle's idle also waits for the status to be read again after it. */
  private Future<RunSummary> inFlightEnded;
  private boolean held;
  private long scheduleChanges;

  /** The run in flight, or null. */
  CleaningRun inFlight() {
    return inFlight;
  }

  /** The run in flight's own end, or null when none is in flight. */
  Future<RunSummary> inFlightEnded() {
    return inFlightEnded;
  }

  /**
   * Refuses to start anything while a run is in flight (its id in the refusal) or a re-processing request is
   * applied (no id: no run holds the lock).
   */
  void checkIdle() {
    if (inFlight != null) {
      throw new RunInProgressException(inFlight.id());
    }
    if (held) {
      throw RunInProgressException.reprocessing();
    }
  }

  /** A run has started: nothing else starts until {@link #runSettled}. */
  void runStarted(CleaningRun run, Future<RunSummary> ended) {
    checkIdle();
    inFlight = run;
    inFlightEnded = ended;
  }

  /** The run has ended and the status has been read again: the job is idle. */
  void runSettled() {
    inFlight = null;
    inFlightEnded = null;
  }

  /**
   * Whether this run may be cancelled here: it is in flight and has not ended. A run that has ended but not yet
   * let go (its status still being read) answers 409, not "cancelling".
   */
  boolean cancellable(UUID runId) {
    return inFlight != null && inFlight.id().equals(runId) && !inFlightEnded.isComplete();
  }

  /** A re-processing request is applied: runs and other requests are refused until {@link #release}. */
  void hold() {
    checkIdle();
    held = true;
  }

  /**
   * The request has ended (or its bound has passed). The caller starts a {@code runNow} run in the same callback,
   * so that no other run takes its turn.
   */
  void release() {
    held = false;
  }

  boolean held() {
    return held;
  }

  /** A pause or resume is asked for, or has been applied: a tick that read the schedule before it is stale. */
  void scheduleChanged() {
    scheduleChanges++;
  }

  /** What a tick remembers before it reads whether the schedule is paused. */
  long scheduleMark() {
    return scheduleChanges;
  }

  /**
   * Why a tick that read {@code paused} after taking {@code mark} starts nothing, or null when it starts a run:
   * paused, overtaken by a pause or resume, held by a re-processing request, or a run already in flight.
   */
  String tickRefusal(boolean paused, long mark) {
    if (paused) {
      return "the schedule is paused";
    }
    if (mark != scheduleChanges) {
      return "the schedule was paused or resumed while the tick read it";
    }
    if (held) {
      return "a re-processing request is being applied";
    }
    if (inFlight != null) {
      return "run " + inFlight.id() + " is still in progress";
    }
    return null;
  }
}
