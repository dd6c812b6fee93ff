package io.homesales.cleaning.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A throwaway PostgreSQL cluster from zonky's binaries (Maven Central), for the demo and the tests.
 *
 * <p>Why not zonky's own {@code EmbeddedPostgres}: PostgreSQL refuses to run as root, and zonky runs it as
 * the current user, so it fails in root containers and CI; and the fault tests need to stop and restart
 * the server, which it does not offer. This class uses zonky's resolver to find the platform's binaries,
 * and when the JVM is root it runs the server as {@code nobody} through util-linux {@code setpriv}.
 * Blocking by design: it is started before any Vert.x code runs, never on an event loop.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String SUPERUSER = "postgres";
  private static final String UNPRIVILEGED = "nobody";

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final boolean dropPrivileges;
  private final boolean durable;
  private final boolean tls;
  private volatile boolean running;

  private LocalPostgres(Path bin, Path base, int port, boolean dropPrivileges, boolean durable, boolean tls) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
    this.dropPrivileges = dropPrivileges;
    this.durable = durable;
    this.tls = tls;
  }

  /**
   * Extracts the binaries (once per machine), creates a fresh cluster and starts it on a free port, without
   * fsync: fast, and fine for the demo and the tests, which throw it away.
   */
  public static LocalPostgres start() {
    return start(false);
  }

  /** As {@link #start()}; {@code durable} keeps fsync on, so that commits cost what they cost in production. */
  public static LocalPostgres start(boolean durable) {
    return start(durable, null, null);
  }

  /** As {@link #start()}, serving TLS with this certificate and key (PEM): for the tests of the SSL modes. */
  public static LocalPostgres startWithTls(String certificatePem, String keyPem) {
    return start(false, certificatePem, keyPem);
  }

  private static LocalPostgres start(boolean durable, String certificatePem, String keyPem) {
    try {
      Path install = install();
      boolean root = "root".equals(System.getProperty("user.name"));
      Path base = Files.createTempDirectory("cleaning-job-pg-");
      LocalPostgres pg = new LocalPostgres(install.resolve("bin"), base, freePort(), root, durable,
          certificatePem != null);
      pg.initdb();
      if (certificatePem != null) {
        pg.writeServerFile("server.crt", certificatePem);
        pg.writeServerFile("server.key", keyPem); // PostgreSQL refuses a key others can read: 0600, its owner's
      }
      pg.startServer();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "local-postgres-stop"));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a local PostgreSQL", e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String user() {
    return SUPERUSER;
  }

  public String database() {
    return "postgres";
  }

  /** Stops the server at once ({@code -m immediate}: like a crash, clients see their connections die). */
  public void kill() {
    pgCtl("stop", "-m", "immediate");
    running = false;
  }

  /** Starts the server again on the same port and data after {@link #kill()}. */
  public void restart() {
    try {
      startServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (running) {
      pgCtl("stop", "-m", "fast");
      running = false;
    }
    deleteTree(base);
  }

  private void initdb() throws IOException {
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    if (dropPrivileges) {
      giveToNobody(base);
      giveToNobody(data);
    }
    run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER, "-D", data.toString(),
        "-E", "UTF-8", "--locale=C", "--no-sync"));
  }

  private void startServer() throws IOException {
    // -F: no fsync (a throwaway cluster). pg_stat_statements lets tests count the queries the job sends;
    // commit timestamps let them check the order in which records commit.
    String options = "-p " + port + " -h 127.0.0.1 -k " + base + (durable ? "" : " -F")
        + " -c max_connections=200 -c shared_preload_libraries=pg_stat_statements -c track_commit_timestamp=on"
        + (tls ? " -c ssl=on -c ssl_cert_file=" + base.resolve("server.crt") + " -c ssl_key_file="
            + base.resolve("server.key") : "");
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", options, "start"));
    running = true;
    LOG.info("local PostgreSQL listening on 127.0.0.1:{}", port);
  }

  private void writeServerFile(String name, String content) throws IOException {
    Path file = base.resolve(name);
    Files.writeString(file, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    if (dropPrivileges) {
      giveToNobody(file);
    }
  }

  private void pgCtl(String action, String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w"));
    command.addAll(List.of(args));
    command.add(action);
    try {
      run(command);
    } catch (IOException e) {
      LOG.warn("pg_ctl {} failed: {}", action, e.getMessage());
    }
  }

  private void run(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (dropPrivileges) {
      full.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + nobodyGroup(), "--clear-groups"));
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    if (dropPrivileges) {
      builder.directory(base.toFile());
    }
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void giveToNobody(Path path) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(UNPRIVILEGED));
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(nobodyGroup());
    view.setGroup(group);
  }

  private static String nobodyGroup() throws IOException {
    // Debian names nobody's group "nogroup"; Red Hat and Alpine name it "nobody".
    return Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:"))
        ? "nogroup" : "nobody";
  }

  /** Extracts the platform's binaries once into the temp directory; later starts reuse them. */
  private static Path install() throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
    String arch = System.getProperty("os.arch");
    // Keyed by the archive's size: the same binaries from any jar or checkout share one extraction, and
    // another version (another size) extracts anew.
    URL archive = LocalPostgres.class.getClassLoader().getResource(
        "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + ArchUtils.normalize(arch) + ".txz");
    String version = archive == null ? "default" : Long.toString(archive.openConnection().getContentLengthLong());
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "cleaning-job-pg-binaries",
        system + "-" + arch + "-" + version);
    if (Files.isExecutable(root.resolve("bin").resolve("postgres"))) {
      return root;
    }
    Path staging = Files.createTempDirectory(root.getParent() == null ? Path.of(".") : createParent(root), "extract-");
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = staging.resolve(entry.getName()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(staging)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    try {
      Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
      deleteTree(staging); // another process extracted it first
    } catch (IOException e) {
      if (!Files.isDirectory(root)) {
        throw e;
      }
      deleteTree(staging);
    }
    return root;
  }

  private static Path createParent(Path root) throws IOException {
    Path parent = root.getParent();
    Files.createDirectories(parent);
    return parent;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.getMessage());
    }
  }
}
