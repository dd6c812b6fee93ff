package io.homesales.cleaning.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first check of a PEM file a setting names (the database's root certificate, the HTTPS certificate and key):
 * that it can be read and holds the block it must, so that a wrong path is a settings error found before anything
 * starts, in the same words for every such setting.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class PemFile {

  /** The block a file must hold. */
  public enum Block {
    CERTIFICATE("CERTIFICATE", "-----BEGIN CERTIFICATE-----"),
    /** A private key in any of its PEM forms ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY}, {@code EC ...}). */
    PRIVATE_KEY("PRIVATE KEY", "-----BEGIN ...PRIVATE KEY-----");

    private final String label;
    private final String shown;

    Block(String label, String shown) {
      this.label = label;
      this.shown = shown;
    }

    boolean in(String text) {
      return text.lines().anyMatch(line -> line.startsWith("-----BEGIN ") && line.strip().endsWith(label + "-----"));
    }
  }

  private PemFile() {}

  /** Why the file at {@code path} is not a readable PEM file holding {@code block}, or null when it is. */
  public static String problem(String path, Block block) {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException unreadable) {
      return "cannot be read: " + path + " (" + unreadable.getClass().getSimpleName()
          + (unreadable.getMessage() == null || unreadable.getMessage().equals(path) ? "" : ": "
              + unreadable.getMessage()) + ")";
    }
    return block.in(text) ? null : "is not a PEM file (no '" + block.shown + "' line): " + path;
  }
}
