package io.bodega.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL as soon as the configuration is known, on its own
 * thread, so that it boots while Spring builds the application context instead of after
 * it; the {@code EmbeddedPostgres} bean then only waits for it. Registered in
 * {@code META-INF/spring.factories}. Does nothing when {@code BODEGA_DB_URL} is set.
 */
public class EmbeddedPostgresStarter implements SmartApplicationListener {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStarter.class);

	private static final Map<Path, CompletableFuture<EmbeddedPostgres>> STARTED = new ConcurrentHashMap<>();

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationFailedEvent.class.isAssignableFrom(type);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			Environment env = prepared.getEnvironment();
			boolean embedded = env.getProperty("bodega.db.url", "").isBlank();
			if (embedded && env.getProperty("bodega.db.start-early", Boolean.class, true)) {
				Path dir = dataDirectory(env.getProperty("bodega.data-dir", "./data"));
				STARTED.computeIfAbsent(dir, d -> CompletableFuture.supplyAsync(() -> start(d),
						runnable -> Thread.ofPlatform().name("embedded-postgres-start").start(runnable)));
			}
		}
		else if (event instanceof ApplicationFailedEvent) {
			// The context never took ownership: stop what was started for it.
			STARTED.values().removeIf(future -> {
				future.thenAccept(EmbeddedPostgresStarter::closeQuietly);
				return true;
			});
		}
	}

	/**
	 * The server for {@code dataDir}: the one started early if there is one, otherwise
	 * started now.
	 */
	static EmbeddedPostgres obtain(Path dataDir) {
		Path dir = dataDirectory(dataDir.toString());
		CompletableFuture<EmbeddedPostgres> early = STARTED.remove(dir);
		return early != null ? early.join() : start(dir);
	}

	static Path dataDirectory(String dataDir) {
		return Path.of(dataDir).toAbsolutePath().normalize().resolve("postgres");
	}

	/**
	 * The superuser's password of the embedded PostgreSQL in {@code pgData}: beside it,
	 * not in it.
	 */
	static Path passwordFile(Path pgData) {
		return pgData.resolveSibling("postgres-password");
	}

	private static EmbeddedPostgres start(Path pgData) {
		try {
			Files.createDirectories(pgData);
			stopOrphan(pgData);
			long started = System.nanoTime();
			Path passwordFile = passwordFile(pgData);
			String password = EmbeddedPassword.readOrCreate(passwordFile);
			boolean existing = Files.exists(pgData.resolve("postgresql.conf"));
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(pgData)
				.setCleanDataDirectory(false)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("max_connections", "100")
				// A new cluster asks every connection for the superuser's password
				// (zonky's initdb would trust any
				// local user: these options come after its own and win).
				.setLocaleConfig("auth-local", EmbeddedPassword.METHOD)
				.setLocaleConfig("auth-host", EmbeddedPassword.METHOD)
				.setLocaleConfig("pwfile", passwordFile.toString())
				.setConnectConfig("password", password)
				// Stopped by the application context, after the pool and whatever still
				// needs the database on the way
				// down. zonky's own JVM shutdown hook would race Spring's and stop it
				// first, and the event registry's
				// last query would then wait the pool's whole 30 s connection timeout.
				.setRegisterShutdownHook(false)
				.start();
			if (existing) {
				EmbeddedPassword.require(postgres, pgData, password);
			}
			log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)", postgres.getPort(), pgData,
					(System.nanoTime() - started) / 1_000_000);
			return postgres;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData, e);
		}
	}

	/**
	 * A Bodega killed without shutting down (kill -9, a power cut) leaves its PostgreSQL
	 * running, and that server would keep the next start from using the data directory.
	 * zonky holds a file lock on {@code epg-lock} while its JVM lives; if we can take
	 * that lock, no live Bodega owns the directory, so a postmaster still running there
	 * is an orphan and is stopped (fast shutdown; PostgreSQL's own recovery covers the
	 * rest).
	 */
	private static void stopOrphan(Path pgData) throws IOException {
		Path pidFile = pgData.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(pgData.resolve("epg-lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
			if (lock == null) {
				throw inUse(pgData);
			}
			List<String> lines = Files.readAllLines(pidFile);
			if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d+")) {
				return;
			}
			long pid = Long.parseLong(lines.getFirst().strip());
			ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
				.ifPresent(orphan -> {
					log.warn("Stopping PostgreSQL (pid {}) left running on {} by a Bodega that did not shut down", pid,
							pgData);
					orphan.destroy();
					try {
						orphan.onExit().get(30, TimeUnit.SECONDS);
					}
					catch (Exception e) {
						orphan.destroyForcibly();
					}
				});
		}
		catch (OverlappingFileLockException e) {
			throw inUse(pgData);
		}
	}

	private static IllegalStateException inUse(Path pgData) {
		return new IllegalStateException("The data directory " + pgData.getParent() + " is used by another running "
				+ "Bodega; stop that one or set BODEGA_DATA_DIR to another directory");
	}

	private static void closeQuietly(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException e) {
			log.warn("Could not stop the embedded PostgreSQL", e);
		}
	}

}
