package io.homesales.cleaning.job;

import java.util.UUID;

/** A run was asked for while another was in flight in this verticle. */
public final class RunInProgressException extends RuntimeException {

  private final UUID runInProgress;

  public RunInProgressException(UUID runInProgress) {
    super("busy: run " + runInProgress + " is in progress");
    this.runInProgress = runInProgress;
  }

  public UUID runInProgress() {
    return runInProgress;
  }
}
