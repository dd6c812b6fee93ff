package io.homesales.cleaning.store;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells an operational fault (the database refused, went away or answered an error; a file or the network
 * failed) from a bug. An operational fault is told in one line with its cause, since its stack trace says
 * nothing an operator can act on; a bug keeps its stack trace.
 */
public final class Faults {

  private Faults() {}

  /** Whether this, or any of its causes, is a fault of the outside world rather than of the job's code. */
  public static boolean operational(Throwable fault) {
    for (Throwable t = fault; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DatabaseException || t instanceof IOException || t instanceof TimeoutException
          || t instanceof VertxException) {
        return true;
      }
    }
    return false;
  }

  /** The fault's message, or its type where it has none; with its first cause's where that says more. */
  public static String message(Throwable fault) {
    String message = fault.getMessage();
    return (message == null || message.isBlank() ? fault.getClass().getSimpleName() : message) + cause(fault);
  }

  /**
   * The root cause's message in parentheses, where a wrapper hides it (Vert.x's "SSL handshake failed" over the
   * certificate that was refused); empty where there is none, or the message already says it.
   */
  public static String cause(Throwable fault) {
    Throwable root = fault;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = root.getMessage();
    String message = String.valueOf(fault.getMessage());
    return root == fault || rootMessage == null || rootMessage.isBlank() || message.contains(rootMessage) ? ""
        : " (" + rootMessage + ")";
  }

  /**
   * A fault as the run history, the logs and the API tell it: its type, its message and its hidden cause, with a
   * hint where the fault has a usual remedy (a missing table: the schema was not applied).
   */
  public static String describe(Throwable fault) {
    String message = fault.getMessage();
    String state = fault instanceof DatabaseException db ? db.getSqlState() : null;
    String hint = "42P01".equals(state) || "42703".equals(state)
        ? " (a table or column is missing: apply the job's schema with `cleaning-job init-schema`, again after an"
            + " upgrade)"
        // The client drops the handshake's cause: say where to look.
        : "SSL handshake failed".equals(message) ? " (the server's certificate is not trusted by PGSSLROOTCERT, or by"
            + " the JVM's trust store without it, or is for another host under verify-full: docs/security.md)"
        : "";
    return fault.getClass().getSimpleName() + (message == null ? "" : ": " + message) + cause(fault) + hint;
  }
}
