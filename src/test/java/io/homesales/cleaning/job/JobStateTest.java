package io.homesales.cleaning.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.run.CleaningRun;
import io.homesales.cleaning.run.JobMetrics;
import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunRequest;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.settings.JobSettings;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verticle's guards without a database: a run is never executed here, only made (its pool points at a port
 * where nothing listens and is never used).
 */
class JobStateTest {

  private Vertx vertx;
  private Pool pool;
  private JobSettings settings;
  private final JobState state = new JobState();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    settings = JobSettings.fromJson(new JsonObject().put("host", "127.0.0.1").put("port", 1).put("database", "none")
        .put("user", "nobody").put("sslMode", "disable"));
    pool = settings.pool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close();
    vertx.close();
  }

  private CleaningRun run() {
    return new CleaningRun(vertx, pool, new Cleaner(), settings, RunRequest.of(RunTrigger.MANUAL), "test",
        JobMetrics.NONE);
  }

  @Test
  void oneRunAtATimeAndNothingWhileARunIsInFlight() {
    state.checkIdle();
    CleaningRun first = run();
    Promise<RunSummary> ended = Promise.promise();
    state.runStarted(first, ended.future());
    assertEquals(first, state.inFlight());
    RunInProgressException busy = assertThrows(RunInProgressException.class, state::checkIdle);
    assertEquals(first.id(), busy.runInProgress(), "the refusal names the run in flight");
    assertThrows(RunInProgressException.class, () -> state.runStarted(run(), Promise.<RunSummary>promise().future()));
    assertThrows(RunInProgressException.class, state::hold, "no re-processing request while a run is in flight");
    assertEquals("run " + first.id() + " is still in progress", state.tickRefusal(false, state.scheduleMark()));
    state.runSettled();
    assertNull(state.inFlight());
    state.checkIdle();
  }

  @Test
  void aRunThatHasEndedButNotLetGoCannotBeCancelled() {
    CleaningRun inFlight = run();
    Promise<RunSummary> ended = Promise.promise();
    state.runStarted(inFlight, ended.future());
    assertTrue(state.cancellable(inFlight.id()));
    assertFalse(state.cancellable(run().id()), "another run");
    ended.fail("ended");
    assertFalse(state.cancellable(inFlight.id()), "ended, its status still being read: 409, not cancelling");
    state.runSettled();
    assertFalse(state.cancellable(inFlight.id()));
  }

  @Test
  void aReprocessingHoldRefusesRunsWithoutARunIdUntilReleased() {
    state.hold();
    assertTrue(state.held());
    RunInProgressException busy = assertThrows(RunInProgressException.class, state::checkIdle);
    assertNull(busy.runInProgress(), "no run holds the lock");
    assertTrue(busy.getMessage().contains("re-processing"), busy.getMessage());
    assertThrows(RunInProgressException.class, state::hold, "a second request");
    assertEquals("a re-processing request is being applied", state.tickRefusal(false, state.scheduleMark()));
    state.release();
    // What the verticle does in the same callback for runNow: the run may start at once.
    state.runStarted(run(), Promise.<RunSummary>promise().future());
  }

  @Test
  void aTickWhoseReadAPauseOrResumeOvertookStartsNothing() {
    long mark = state.scheduleMark();
    assertNull(state.tickRefusal(false, mark), "nothing in the way: the tick starts a run");
    assertEquals("the schedule is paused", state.tickRefusal(true, mark));
    state.scheduleChanged(); // a pause asked for while the tick read the schedule
    assertEquals("the schedule was paused or resumed while the tick read it", state.tickRefusal(false, mark));
    long later = state.scheduleMark();
    state.scheduleChanged(); // and applied
    assertEquals("the schedule was paused or resumed while the tick read it", state.tickRefusal(false, later));
    assertNull(state.tickRefusal(false, state.scheduleMark()));
  }
}
