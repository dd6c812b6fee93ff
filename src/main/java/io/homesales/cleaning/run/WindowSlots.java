package io.homesales.cleaning.run;

/**
 * The write window's bookkeeping, with no I/O: which connection the next record goes on, how far into the page
 * the window has sent, what is in flight, the first run-ending failure, and whether the page is over. The window
 * ({@link WriteWindow}) sends and settles; this decides. Its methods are plain calls on a final class, so the write
 * path pays for no interface or allocation, and its rules are tested without a database (WindowSlotsTest).
 *
 * <p>The rules:
 * <ul>
 *   <li>a record goes on the connection with the fewest statements in flight (the first such), and only while
 *       that one has fewer than {@code depth}: a slow connection gets no more;
 *   <li>nothing new is sent once a failure is recorded or the run is stopped; the page is over when nothing is in
 *       flight and nothing more will be sent, failed if a failure was recorded;
 *   <li>sending is not re-entrant: a write that settles at once calls back into the pump, and that call is folded
 *       into the loop in progress ({@link #enter}, {@link #again}).
 * </ul>
 * Touched only on the run's context, so it needs no locking.
 */
final class WindowSlots {

  private final int[] inFlight;
  private final int depth;
  private int items;
  private int next;
  private int pageInFlight;
  private Throwable failure;
  private boolean pumping;
  private boolean repeat;

  WindowSlots(int lanes, int depth) {
    if (lanes < 1 || depth < 1) {
      throw new IllegalArgumentException("a window needs a connection and room for a statement");
    }
    this.inFlight = new int[lanes];
    this.depth = depth;
  }

  /** Starts a page of {@code items} records; what is still in flight on the connections stays counted. */
  void startPage(int items) {
    this.items = items;
    this.next = 0;
    this.failure = null;
  }

  /**
   * The connection the next record goes on, or -1 when nothing more is sent now: the window is full, the page
   * is sent, a failure was recorded or the run is stopped.
   */
  int laneWithRoom(boolean stopped) {
    if (failure != null || next >= items || stopped) {
      return -1;
    }
    int best = 0;
    for (int i = 1; i < inFlight.length; i++) {
      if (inFlight[i] < inFlight[best]) {
        best = i;
      }
    }
    return inFlight[best] < depth ? best : -1;
  }

  /** The page's next record, taken: its index. */
  int take() {
    return next++;
  }

  /** A statement sent on {@code lane}. */
  void sent(int lane) {
    inFlight[lane]++;
    pageInFlight++;
  }

  /** A statement on {@code lane} settled; {@code failed} is its run-ending error, or null. The first one counts. */
  void settled(int lane, Throwable failed) {
    inFlight[lane]--;
    pageInFlight--;
    if (failed != null && failure == null) {
      failure = failed;
    }
  }

  /** Enters the pump: false when it is already running, which then runs its loop once more. */
  boolean enter() {
    if (pumping) {
      repeat = true;
      return false;
    }
    pumping = true;
    return true;
  }

  /** Whether the pump's loop runs again, because a call was folded into it; clears the request. */
  boolean again() {
    boolean once = repeat;
    repeat = false;
    return once;
  }

  /** Leaves the pump. */
  void leave() {
    pumping = false;
    repeat = false;
  }

  /** Whether the page is over: nothing in flight, and nothing more to send (all sent, failed, or stopped). */
  boolean over(boolean stopped) {
    return pageInFlight == 0 && (failure != null || stopped || next >= items);
  }

  /** The first run-ending failure of the page, or null. */
  Throwable failure() {
    return failure;
  }

  /** Statements in flight on {@code lane}. */
  int inFlight(int lane) {
    return inFlight[lane];
  }

  /** Statements of the page in flight, on every connection. */
  int pageInFlight() {
    return pageInFlight;
  }
}
