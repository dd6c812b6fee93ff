package io.homesales.cleaning.run;

import io.homesales.cleaning.store.RunHistory;
import io.homesales.cleaning.store.RunLock;
import io.vertx.core.AsyncResult;
import java.util.UUID;

/**
 * A run was asked for while another was in flight (in this verticle, or in another process, which holds the
 * job's advisory lock) or while a re-processing request held that lock. Over the event bus it is a failure
 * with code 409.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class RunInProgressException extends RuntimeException {

  private final UUID runInProgress;

  public RunInProgressException(UUID runInProgress) {
    super("busy: run " + runInProgress + " is in progress");
    this.runInProgress = runInProgress;
  }

  private RunInProgressException(UUID runInProgress, String message) {
    super(message);
    this.runInProgress = runInProgress;
  }

  /** Another process holds the job's lock; its run's id, if its row says, and where it runs. */
  public static RunInProgressException elsewhere(UUID runInProgress, String host) {
    return new RunInProgressException(runInProgress, runInProgress == null
        ? "busy: another process holds the job's lock (advisory lock " + Long.toHexString(RunLock.KEY) + ")"
        : "busy: another process (" + host + ") holds the job's lock: run " + runInProgress + " is in progress");
  }

  /**
   * Another process holds the job's lock, and the history was asked which run that is: the run it names, or
   * none when it names none or could not be read. The run and the re-processing request both refuse so.
   */
  public static RunInProgressException elsewhere(AsyncResult<RunHistory.InProgress> asked) {
    return asked.succeeded() && asked.result() != null
        ? elsewhere(asked.result().runId(), asked.result().host())
        : elsewhere(null, null);
  }

  /** This job is applying a re-processing request, under the job's lock. */
  public static RunInProgressException reprocessing() {
    return new RunInProgressException(null, "busy: a re-processing request is being applied; try again when it ends");
  }

  /** The run in flight; null when no run holds the lock (re-processing), or its holder's row does not say. */
  public UUID runInProgress() {
    return runInProgress;
  }
}
