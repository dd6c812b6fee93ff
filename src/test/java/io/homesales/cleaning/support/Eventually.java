package io.homesales.cleaning.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition from the test's thread (never an event loop) until it holds, or fails after a deadline. */
public final class Eventually {

  private Eventually() {
  }

  /** Waits up to 60 s, polling every 50 ms, until {@code condition} holds; else fails naming {@code what}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(60), condition);
  }

  /** Waits up to {@code within}, polling every 50 ms, until {@code condition} holds; else fails naming it. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
      }
      Blocker.sleep(50);
    }
  }

  /**
   * Waits until the job behind {@code http} (a client already holding any token reads need) reports no run in
   * flight. The job records a run's end in the history before it lets go of the run, so a test that has seen
   * the end in the history and then starts another run would race the job's busy answer.
   */
  public static void idle(Http http, String statusPath) {
    until("the job's status at " + statusPath + " no longer 'running'", () -> {
      Http.Answer status = http.get(statusPath);
      return status.status() == 200 && !"running".equals(status.json().getString("state"));
    });
  }
}
