package io.homesales.cleaning.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grants docs/security.md documents, read from the page itself, so that the tests run exactly what a user
 * is told to run. Each block follows a {@code <!-- grants:NAME -->} marker; its database, {@code sales}, is
 * replaced with the test's.
 */
public final class DocumentedGrants {

  private DocumentedGrants() {}

  public static String of(String name, String database) {
    try {
      String page = Files.readString(Path.of("docs", "security.md"), StandardCharsets.UTF_8);
      Matcher block = Pattern.compile("<!-- grants:" + Pattern.quote(name) + "\\b[^>]*-->\\s*```sql\\n(.*?)```",
          Pattern.DOTALL).matcher(page);
      if (!block.find()) {
        throw new AssertionError("docs/security.md has no grants block named " + name);
      }
      return block.group(1).replace(" DATABASE sales ", " DATABASE " + database + " ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
