package io.homesales.cleaning.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The write window's filling, pumping and failure rules, with no database: what it sends where, and when a page is over. */
class WindowSlotsTest {

  /** Takes as much as the window has room for: the lanes chosen, in order. */
  private static List<Integer> fill(WindowSlots slots, boolean stopped) {
    List<Integer> lanes = new ArrayList<>();
    int lane;
    while ((lane = slots.laneWithRoom(stopped)) >= 0) {
      slots.take();
      slots.sent(lane);
      lanes.add(lane);
    }
    return lanes;
  }

  @Test
  void recordsGoToTheLeastLoadedConnectionFirstUpToTheDepth() {
    WindowSlots slots = new WindowSlots(2, 3);
    slots.startPage(10);
    assertEquals(List.of(0, 1, 0, 1, 0, 1), fill(slots, false), "first on ties, each up to the depth");
    assertEquals(3, slots.inFlight(0));
    assertEquals(6, slots.pageInFlight());
    assertFalse(slots.over(false));
    slots.settled(1, null);
    slots.settled(1, null);
    assertEquals(List.of(1, 1), fill(slots, false), "the connection that answered gets the next ones");
    slots.settled(0, null);
    assertEquals(List.of(0), fill(slots, false));
    assertEquals(9, slots.take(), "nine taken: the tenth is next");
  }

  @Test
  void aSlowConnectionGetsNoMoreWhileTheOthersHaveRoom() {
    WindowSlots slots = new WindowSlots(3, 2);
    slots.startPage(100);
    fill(slots, false);
    for (int i = 0; i < 5; i++) {
      slots.settled(1, null);
      slots.settled(2, null);
      assertEquals(List.of(1, 2), fill(slots, false), "round " + i);
    }
    assertEquals(2, slots.inFlight(0), "the slow one still holds its first two, and was sent no more");
  }

  @Test
  void aFailureSendsNothingNewAndThePageIsOverOnlyWhenWhatWasSentHasSettled() {
    WindowSlots slots = new WindowSlots(2, 2);
    slots.startPage(10);
    fill(slots, false);
    IllegalStateException first = new IllegalStateException("connection lost");
    slots.settled(0, first);
    assertEquals(-1, slots.laneWithRoom(false), "room on lane 0, but nothing new after a failure");
    assertFalse(slots.over(false), "three statements still in flight");
    slots.settled(0, null);
    slots.settled(1, new IllegalStateException("second"));
    assertFalse(slots.over(false));
    slots.settled(1, null);
    assertTrue(slots.over(false));
    assertSame(first, slots.failure(), "the first failure is the page's");

    slots.startPage(3);
    assertNull(slots.failure(), "a new page starts clean");
    assertEquals(List.of(0, 1, 0), fill(slots, false));
  }

  @Test
  void aStoppedRunSendsNothingNewAndItsPageIsOverWhenTheWindowHasDrained() {
    WindowSlots slots = new WindowSlots(1, 4);
    slots.startPage(10);
    assertEquals(List.of(0, 0), List.of(slots.laneWithRoom(false), slots.laneWithRoom(false)), "asking takes nothing");
    fill(slots, false);
    assertEquals(-1, slots.laneWithRoom(true));
    for (int i = 0; i < 3; i++) {
      slots.settled(0, null);
      assertFalse(slots.over(true));
    }
    slots.settled(0, null);
    assertTrue(slots.over(true), "stopped with nothing in flight, six records left for the next run");
    assertFalse(slots.over(false), "not stopped, the page would go on");
    assertNull(slots.failure());
  }

  @Test
  void aPageIsOverWhenEveryRecordIsSentAndSettledAndAnEmptyPageAtOnce() {
    WindowSlots slots = new WindowSlots(2, 16);
    slots.startPage(0);
    assertTrue(slots.over(false));
    slots.startPage(5);
    assertEquals(5, fill(slots, false).size());
    assertFalse(slots.over(false));
    for (int lane : new int[] {0, 1, 0, 1, 0}) {
      slots.settled(lane, null);
    }
    assertTrue(slots.over(false));
  }

  @Test
  void aCallIntoTheRunningPumpIsFoldedIntoItsLoop() {
    WindowSlots slots = new WindowSlots(1, 1);
    assertTrue(slots.enter());
    assertFalse(slots.again(), "nothing folded in yet");
    assertFalse(slots.enter(), "re-entered: not run, but asked for");
    assertFalse(slots.enter());
    assertTrue(slots.again(), "the loop runs once more");
    assertFalse(slots.again(), "and only once for the calls so far");
    slots.leave();
    assertTrue(slots.enter(), "after leaving, a call runs the pump itself");
    slots.leave();
  }

  @Test
  void aWindowNeedsAConnectionAndADepth() {
    assertThrows(IllegalArgumentException.class, () -> new WindowSlots(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new WindowSlots(1, 0));
  }

  /**
   * The window's loop as {@link WriteWindow} runs it, over statements that answer in a random order, some at once
   * (inside the send, so re-entrantly), some failing: each record is sent once, in order, never more than the depth
   * per connection, and the page is over exactly once, after everything sent has settled.
   */
  @Test
  void underAnswersInAnyOrderEveryRecordIsSentOnceInOrderWithinTheDepth() {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      int lanes = 1 + random.nextInt(4);
      int depth = 1 + random.nextInt(5);
      int items = random.nextInt(60);
      int failAt = random.nextInt(4) == 0 ? random.nextInt(Math.max(1, items)) : -1;
      Model model = new Model(new WindowSlots(lanes, depth), depth, random, failAt);
      model.slots.startPage(items);
      model.pump();
      while (!model.pending.isEmpty()) {
        model.answerOne();
      }
      String what = "seed " + seed + ": " + lanes + " lanes, depth " + depth + ", " + items + " items, fail at "
          + failAt;
      assertEquals(1, model.overs, what);
      if (failAt < 0 || failAt >= items) {
        assertEquals(items, model.sent.size(), what);
        assertNull(model.slots.failure(), what);
      } else {
        assertTrue(model.sent.size() <= items && model.sent.contains(failAt), what);
        assertTrue(model.slots.failure() != null, what);
      }
      for (int i = 0; i < model.sent.size(); i++) {
        assertEquals(i, model.sent.get(i), what + ": sent in order, each once");
      }
      assertEquals(0, model.slots.pageInFlight(), what);
    }
  }

  /** A page written against statements that answer when the test says, or at once. */
  private static final class Model {
    final WindowSlots slots;
    final int depth;
    final Random random;
    final int failAt;
    final List<Integer> sent = new ArrayList<>();
    final Deque<int[]> pending = new ArrayDeque<>();
    int overs;

    Model(WindowSlots slots, int depth, Random random, int failAt) {
      this.slots = slots;
      this.depth = depth;
      this.random = random;
      this.failAt = failAt;
    }

    void pump() {
      if (!slots.enter()) {
        return;
      }
      try {
        do {
          int lane;
          while ((lane = slots.laneWithRoom(false)) >= 0) {
            int item = slots.take();
            slots.sent(lane);
            assertTrue(slots.inFlight(lane) <= depth, "within the depth");
            sent.add(item);
            if (random.nextInt(5) == 0) {
              settle(new int[] {lane, item}); // answered at once: calls back into the pump
            } else if (random.nextBoolean()) {
              pending.addLast(new int[] {lane, item});
            } else {
              pending.addFirst(new int[] {lane, item});
            }
          }
        } while (slots.again());
      } finally {
        slots.leave();
      }
      if (slots.over(false)) {
        overs++;
      }
    }

    void answerOne() {
      settle(random.nextBoolean() ? pending.pollFirst() : pending.pollLast());
    }

    void settle(int[] statement) {
      slots.settled(statement[0], statement[1] == failAt ? new IllegalStateException("lost") : null);
      pump();
    }
  }
}
