package io.homesales.cleaning.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM ({@code docker stop}, systemd, Kubernetes) and SIGINT (Ctrl-C), taken from the JVM so that the command
 * decides its exit status: the JVM on its own would exit with 128 + the signal's number whatever the command had
 * done by then. The rule (docs/operations.md): a service ({@code run}, {@code demo --serve}) exits 0 once it has
 * stopped cleanly, 1 if it could not within its bound; a one-shot command whose run the signal interrupted exits
 * with 128 + the signal's number (130, 143), after the records in hand are written and the run is recorded as
 * interrupted. A second signal exits at once, with 128 + its number.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the only way a JDK program handles a signal
 * itself; the compiler warns that it is internal. Where a JVM refuses it ({@code -Xrs}), the command keeps the
 * JVM's own handling and a shutdown hook does the stopping, with the JVM's exit status.
 */
final class Stopping {

  private static final Logger LOG = LoggerFactory.getLogger(Stopping.class);

  private final CountDownLatch signalled = new CountDownLatch(1);
  private volatile int signal;
  private final boolean installed;

  private Stopping(IntConsumer onFirst) {
    this.installed = install("TERM", onFirst) & install("INT", onFirst);
  }

  /**
   * Takes SIGTERM and SIGINT from now on; the first runs {@code onFirst} (given the signal's number) on a thread
   * of its own, and wakes {@link #await}.
   */
  static Stopping install(IntConsumer onFirst) {
    return new Stopping(onFirst);
  }

  /** Takes SIGTERM and SIGINT from now on, for a command that waits for them with {@link #await}. */
  static Stopping install() {
    return new Stopping(number -> { });
  }

  private boolean install(String name, IntConsumer onFirst) {
    try {
      Signal.handle(new Signal(name), received -> {
        int number = received.getNumber();
        synchronized (this) {
          if (signal != 0) {
            LOG.warn("SIG{} again: exiting now", received.getName());
            new Thread(() -> System.exit(128 + number), "stop-now").start();
            return;
          }
          signal = number;
        }
        LOG.info("SIG{}: stopping", received.getName());
        Thread first = new Thread(() -> {
          try {
            onFirst.accept(number);
          } finally {
            signalled.countDown();
          }
        }, "stop");
        first.start();
      });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError notHere) {
      // A JVM started with -Xrs, or without sun.misc: the JVM's own handling stays (exit 128 + the signal).
      LOG.debug("SIG{} cannot be handled here: {}", name, notHere.toString());
      return false;
    }
  }

  /** Whether both signals are taken; if not, the JVM's default applies to them. */
  boolean installed() {
    return installed;
  }

  /** Blocks until the first signal has been handled; its number. */
  int await() throws InterruptedException {
    signalled.await();
    return signal;
  }

  /** The first signal's number, or 0 while none came. */
  int signal() {
    return signal;
  }

  /** The exit status of a one-shot command that a signal interrupted: 128 + its number, as a shell reports it. */
  static int interruptedStatus(int signal) {
    return 128 + signal;
  }
}
