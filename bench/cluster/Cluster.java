import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes under test, all on 127.0.0.1: one PostgreSQL (a fresh initdb cluster), three Bodega nodes on it and
 * HAProxy in front, and the faults done to them (kill -9, SIGTERM, SIGSTOP/SIGCONT, a database restart or stop).
 * Every process it starts is written to {@code <work>/pids}, so the shell's trap can end them even if this JVM dies.
 */
final class Cluster implements AutoCloseable {

	/** Where things go and which ports they take: the balancer on {@code base}, nodes on base+11.., PostgreSQL on base+32. */
	record Config(Path work, Path jar, Path app, Path java, Path pgBin, String pgUser, int portBase) {

		int balancerPort() {
			return portBase;
		}

		int statsPort() {
			return portBase + 1;
		}

		int nodePort(int n) {
			return portBase + 10 + n;
		}

		int dbPort() {
			return portBase + 32;
		}
	}

	/** One Bodega node: its own port and data directory, the shared database. */
	final class Node {

		final String name;
		final int port;
		final URI base;
		final Path dataDir;
		final Path log;
		volatile Process process;
		volatile boolean frozen;

		Node(int n) {
			this.name = "n" + n;
			this.port = config.nodePort(n);
			this.base = URI.create("http://127.0.0.1:" + port);
			this.dataDir = config.work().resolve(name);
			this.log = config.work().resolve(name + ".log");
		}

		long pid() {
			return process.pid();
		}

		boolean alive() {
			return process != null && process.isAlive();
		}

		@Override
		public String toString() {
			return name;
		}
	}

	static final String ADMIN_EMAIL = "admin@example.com";
	static final String ADMIN_PASSWORD = "Quartz-Lantern-Meadow-Orbit-71";
	static final String DATABASE = "bodega";

	/**
	 * The settings every node gets. The DB_* timeouts, the connection wait and the shutdown drain are the fixes issue
	 * 11 asks for; a server without them ignores the variables, and the scenarios that need them fail.
	 */
	private Map<String, String> nodeEnvironment(Node node) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", Integer.toString(node.port));
		env.put("BODEGA_DATA_DIR", node.dataDir.toString());
		env.put("BODEGA_DB_URL", jdbcUrl(DATABASE));
		env.put("BODEGA_DB_USER", "postgres");
		env.put("BODEGA_SECRET_KEY", secretKey);
		env.put("BODEGA_ADMIN_EMAIL", ADMIN_EMAIL);
		env.put("BODEGA_ADMIN_PASSWORD", ADMIN_PASSWORD);
		env.put("BODEGA_TEST_PAYMENTS", "true");
		env.put("BODEGA_TRUSTED_PROXIES", "127.0.0.1");
		env.put("BODEGA_PUBLIC_URL", balancer().toString());
		env.put("BODEGA_DEMO_DATA", "false");
		// Every buyer reaches Bodega from 127.0.0.1 (HAProxy sets X-Forwarded-For to its client, this driver), so the
		// per-address guest limit is off; each buyer has an e-mail of its own, so the per-e-mail limit is only raised.
		env.put("BODEGA_GUEST_CHECKOUT_ADDRESS_LIMIT", "0");
		env.put("BODEGA_GUEST_CHECKOUT_EMAIL_LIMIT", "100");
		env.put("BODEGA_SHUTDOWN_DRAIN", "3s");
		env.put("BODEGA_DB_CONNECTION_WAIT", "2s");
		env.put("BODEGA_DB_IDLE_IN_TRANSACTION_TIMEOUT", "10s");
		env.put("BODEGA_DB_LOCK_TIMEOUT", "5s");
		env.put("BODEGA_DB_STATEMENT_TIMEOUT", "15s");
		return env;
	}

	private final Config config;
	private final Path pgDir;
	private final Path pgData;
	private final String secretKey;
	private final Path haproxyConfig;
	private final List<Node> nodes = new ArrayList<>();
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();
	private Process haproxy;
	/** How a node is started: the plain jar, or the extracted jar with its AOT cache ({@link #trainAotCache}). */
	private List<String> command;

	private Cluster(Config config) {
		this.config = config;
		this.pgDir = config.work().resolve("pg");
		this.pgData = pgDir.resolve("data");
		this.haproxyConfig = config.work().resolve("haproxy.cfg");
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.secretKey = Base64.getEncoder().encodeToString(secret);
		this.command = List.of(config.java().toString(), "-Xmx512m", "-jar", config.jar().toString());
		for (int n = 1; n <= 3; n++) {
			nodes.add(new Node(n));
		}
	}

	/** Starts everything and waits until the balancer sees all three nodes ready. */
	static Cluster start(Config config) throws Exception {
		Cluster cluster = new Cluster(config);
		try {
			cluster.initDatabase();
			cluster.startDatabase();
			try (Connection c = cluster.connect("postgres")) {
				c.createStatement().execute("create database " + DATABASE);
			}
			cluster.trainAotCache();
			// All three at once, as a rolling deploy onto an empty database would: they race for its migrations.
			for (Node node : cluster.nodes) {
				cluster.startNode(node);
			}
			for (Node node : cluster.nodes) {
				cluster.awaitReady(node, Duration.ofSeconds(180));
			}
			cluster.startBalancer();
			cluster.awaitBalanced(Duration.ofSeconds(30));
			return cluster;
		}
		catch (Exception | Error e) {
			cluster.close();
			throw e;
		}
	}

	Path work() {
		return config.work();
	}

	List<Node> nodes() {
		return nodes;
	}

	Node node(int n) {
		return nodes.get(n - 1);
	}

	URI balancer() {
		return URI.create("http://127.0.0.1:" + config.balancerPort());
	}

	// ---- PostgreSQL

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + config.dbPort() + "/" + database;
	}

	Connection connect(String database) throws SQLException {
		var props = new java.util.Properties();
		props.setProperty("user", "postgres");
		props.setProperty("connectTimeout", "5");
		props.setProperty("socketTimeout", "60");
		return DriverManager.getConnection(jdbcUrl(database), props);
	}

	private void initDatabase() throws Exception {
		postgres(List.of("initdb", "-D", pgData.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
				"--no-instructions", "--no-sync"));
		// fsync off: this is about Bodega's behaviour, not the disk's; every stop here is a clean (fast) shutdown.
		Files.writeString(pgData.resolve("postgresql.conf"), """

				# bench/cluster
				port = %d
				listen_addresses = '127.0.0.1'
				unix_socket_directories = '%s'
				max_connections = 100
				fsync = off
				full_page_writes = off
				""".formatted(config.dbPort(), pgDir), StandardOpenOption.APPEND);
	}

	void startDatabase() throws Exception {
		ClusterTest.note("starting PostgreSQL");
		pgCtl("start", "-w", "-t", "60", "-l", pgDir.resolve("postgres.log").toString());
		pid(Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip()));
	}

	void stopDatabase() throws Exception {
		ClusterTest.note("stopping PostgreSQL");
		pgCtl("stop", "-w", "-t", "60", "-m", "fast");
	}

	void restartDatabase() throws Exception {
		ClusterTest.note("restarting PostgreSQL");
		pgCtl("restart", "-w", "-t", "60", "-m", "fast", "-l", pgDir.resolve("postgres.log").toString());
		pid(Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip()));
	}

	boolean databaseRunning() {
		try {
			return run(postgresCommand(List.of("pg_ctl", "-D", pgData.toString(), "status")), pgDir,
					Duration.ofSeconds(10), false) == 0;
		}
		catch (Exception e) {
			return false;
		}
	}

	private void pgCtl(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("pg_ctl", "-D", pgData.toString()));
		command.addAll(List.of(args));
		postgres(command);
	}

	/** PostgreSQL refuses to run as root: as root, its programs run as the configured user through runuser. */
	private List<String> postgresCommand(List<String> programAndArgs) {
		List<String> command = new ArrayList<>();
		if (!config.pgUser().isEmpty()) {
			command.addAll(List.of("runuser", "-u", config.pgUser(), "--"));
		}
		command.add(config.pgBin().resolve(programAndArgs.getFirst()).toString());
		command.addAll(programAndArgs.subList(1, programAndArgs.size()));
		return command;
	}

	private void postgres(List<String> programAndArgs) throws Exception {
		int exit = run(postgresCommand(programAndArgs), pgDir, Duration.ofSeconds(90), true);
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", programAndArgs) + " exited with " + exit + "; see "
					+ config.work().resolve("commands.log") + " and " + pgDir.resolve("postgres.log"));
		}
	}

	// ---- Bodega nodes

	/**
	 * The README's start-up recipe: the jar extracted and a JDK 25 AOT cache trained by one start on the test's
	 * database (which also runs the migrations), so that a node starts in seconds rather than the minutes three plain
	 * jars take to start together on a busy 2-core machine; restarts under load need it most. Both are kept in
	 * {@code target/cluster-app} for the next run until the jar changes. Should training fail, nodes run the plain jar.
	 */
	private void trainAotCache() throws Exception {
		Path app = config.app();
		Path jar = app.resolve("bodega.jar");
		Path cache = app.resolve("bodega.aot");
		// The extracted jar keeps the original's time; the cache is newer than the jar it was trained on.
		boolean fresh = Files.exists(cache) && Files.exists(jar)
				&& Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(config.jar())) > 0;
		if (!fresh) {
			deleteRecursively(app);
			int extracted = run(List.of(config.java().toString(), "-Djarmode=tools", "-jar", config.jar().toString(),
					"extract", "--destination", app.toString()), config.work(), Duration.ofSeconds(120), true);
			if (extracted == 0) {
				Node trainer = nodes.getFirst();
				Files.createDirectories(trainer.dataDir);
				ProcessBuilder builder = new ProcessBuilder(config.java().toString(), "-XX:AOTCacheOutput=" + cache,
						"-Dspring.context.exit=onRefresh", "-Xmx512m", "-jar", jar.toString())
					.directory(app.toFile())
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(config.work().resolve("aot-training.log").toFile()));
				builder.environment().putAll(nodeEnvironment(trainer));
				Process training = builder.start();
				pid(training.pid());
				if (!training.waitFor(300, TimeUnit.SECONDS)) {
					training.destroyForcibly();
				}
			}
		}
		if (Files.exists(cache)) {
			command = List.of(config.java().toString(), "-XX:AOTCache=" + cache, "-Xmx512m", "-jar", jar.toString());
		}
		else {
			System.err.println("No AOT cache (see " + config.work().resolve("aot-training.log") + "): nodes run the "
					+ "plain jar, and start slowly");
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (var paths = Files.walk(directory)) {
				for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	void startNode(Node node) throws IOException {
		ClusterTest.note("starting %s", node);
		Files.createDirectories(node.dataDir);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(nodeEnvironment(node));
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile()));
		node.frozen = false;
		node.process = builder.start();
		pid(node.process.pid());
	}

	/** Waits until the node's own readiness says 200; fails at once if the process dies, naming its log. */
	void awaitReady(Node node, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!node.alive()) {
				throw new IllegalStateException(node + " exited with " + node.process.exitValue() + " while starting; "
						+ "see " + node.log);
			}
			if (status(node.base.resolve("/actuator/health/readiness"), Duration.ofSeconds(2)) == 200) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(node + " not ready after " + timeout.toSeconds() + " s; see " + node.log);
	}

	boolean ready(Node node) {
		return status(node.base.resolve("/actuator/health/readiness"), Duration.ofSeconds(2)) == 200;
	}

	/** kill -9: the JVM vanishes mid-request, its connections dropped by the kernel. */
	void kill9(Node node) throws InterruptedException {
		ClusterTest.note("kill -9 %s", node);
		node.process.destroyForcibly();
		node.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM: what an orchestrator sends to take a node out; Spring Boot then shuts down gracefully. */
	void sigterm(Node node) {
		ClusterTest.note("SIGTERM %s", node);
		node.process.destroy();
	}

	/** SIGSTOP: the node freezes (a long GC pause, a stalled VM) with its connections and locks held. */
	void freeze(Node node) throws Exception {
		signal(node, "STOP");
		node.frozen = true;
	}

	void thaw(Node node) throws Exception {
		signal(node, "CONT");
		node.frozen = false;
	}

	private void signal(Node node, String signal) throws Exception {
		ClusterTest.note("kill -%s %s", signal, node);
		int exit = run(List.of("kill", "-" + signal, Long.toString(node.pid())), config.work(), Duration.ofSeconds(10),
				true);
		if (exit != 0) {
			throw new IllegalStateException("kill -" + signal + " " + node.pid() + " exited with " + exit);
		}
	}

	/**
	 * The local ports of the node's connections to PostgreSQL, which PostgreSQL shows as its sessions'
	 * {@code client_port}: the node's socket inodes (/proc/PID/fd) looked up in the kernel's TCP tables.
	 */
	java.util.Set<Integer> databaseClientPorts(Node node) throws IOException {
		java.util.Set<String> inodes = new java.util.HashSet<>();
		try (var fds = Files.list(Path.of("/proc", Long.toString(node.pid()), "fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException e) {
					// closed meanwhile
				}
			}
		}
		java.util.Set<Integer> ports = new java.util.HashSet<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
				String[] f = line.trim().split("\\s+");
				int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
				if (remotePort == config.dbPort() && inodes.contains(f[9])) {
					ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
				}
			}
		}
		return ports;
	}

	// ---- HAProxy

	private void startBalancer() throws IOException {
		StringBuilder servers = new StringBuilder();
		for (Node node : nodes) {
			servers.append("    server ").append(node.name).append(" 127.0.0.1:").append(node.port).append(" check\n");
		}
		// Health: readiness every 500 ms, out after 2 failures, back after 2 successes. Retries only when the
		// connection could not be made (a request that reached a node is never sent twice). X-Forwarded-For is set
		// to the client's address, never appended to (an appended one would let clients choose their address).
		// X-Bodega-Node says which node answered, so the driver can count orders per node. Idle client connections are
		// kept longer than the driver's HTTP client keeps them (30 s), so it is always the client that closes them.
		Files.writeString(haproxyConfig, """
				global
				    maxconn 4000
				    log stdout format raw local0 info

				defaults
				    mode http
				    log global
				    option httplog
				    timeout connect 1s
				    timeout client 65s
				    timeout server 30s
				    timeout check 1s
				    timeout http-request 10s
				    timeout http-keep-alive 65s
				    retries 2
				    retry-on conn-failure
				    option redispatch 1

				frontend shop
				    bind 127.0.0.1:%d
				    http-request set-header X-Forwarded-For %%[src]
				    default_backend bodega

				backend bodega
				    balance roundrobin
				    option httpchk
				    http-check send meth GET uri /actuator/health/readiness
				    http-check expect status 200
				    http-response set-header X-Bodega-Node %%[srv_name]
				    # Each live event leaves at once (deploy/haproxy/haproxy.cfg's stream backend does the same): without
				    # it HAProxy sends with MSG_MORE and the kernel may hold a small event ~200 ms for more to come.
				    option http-no-delay
				    default-server inter 500ms fall 2 rise 2
				%s
				listen stats
				    bind 127.0.0.1:%d
				    stats enable
				    stats uri /stats
				""".formatted(config.balancerPort(), servers, config.statsPort()));
		ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", haproxyConfig.toString());
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(config.work().resolve("haproxy.log").toFile()));
		haproxy = builder.start();
		pid(haproxy.pid());
	}

	/** What HAProxy thinks of each node: UP, DOWN, "UP 1/2" and so on, from its stats CSV. */
	Map<String, String> balancerView() {
		Map<String, String> view = new HashMap<>();
		try {
			HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
					+ config.statsPort() + "/stats;csv")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			List<String> lines = csv.body().lines().toList();
			List<String> header = List.of(lines.getFirst().replaceFirst("^# ", "").split(","));
			int proxy = header.indexOf("pxname");
			int server = header.indexOf("svname");
			int status = header.indexOf("status");
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.split(",", -1);
				if (fields.length > status && fields[proxy].equals("bodega")) {
					view.put(fields[server], fields[status]);
				}
			}
		}
		catch (IOException e) {
			// No answer: nothing is known to be up.
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return view;
	}

	boolean balancerSeesUp(Node node) {
		return "UP".equals(balancerView().get(node.name));
	}

	void awaitBalanced(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (nodes.stream().allMatch(this::balancerSeesUp)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("HAProxy does not see every node up: " + balancerView());
	}

	/**
	 * Puts the cluster back together after a scenario, whatever it left behind: thaws frozen nodes, starts the
	 * database and dead nodes, and waits until the balancer sees all three.
	 */
	void heal() throws Exception {
		for (Node node : nodes) {
			if (node.frozen) {
				thaw(node);
			}
		}
		if (!databaseRunning()) {
			startDatabase();
		}
		for (Node node : nodes) {
			if (!node.alive()) {
				startNode(node);
			}
		}
		for (Node node : nodes) {
			awaitReady(node, Duration.ofSeconds(180));
		}
		awaitBalanced(Duration.ofSeconds(30));
	}

	@Override
	public void close() {
		for (Node node : nodes) {
			if (node.process != null && node.process.isAlive()) {
				node.process.destroyForcibly();
			}
		}
		if (haproxy != null) {
			haproxy.destroyForcibly();
		}
		if (Files.exists(pgData.resolve("postmaster.pid"))) {
			try {
				run(postgresCommand(List.of("pg_ctl", "-D", pgData.toString(), "stop", "-m", "immediate")), pgDir,
						Duration.ofSeconds(30), true);
			}
			catch (Exception e) {
				System.err.println("Could not stop PostgreSQL: " + e);
			}
		}
		for (Node node : nodes) {
			if (node.process != null) {
				try {
					node.process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	// ---- helpers

	private int status(URI uri, Duration timeout) {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException e) {
			return -1;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void pid(long pid) throws IOException {
		Files.writeString(config.work().resolve("pids"), pid + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	/** Runs a command to its end (output to commands.log); answers its exit status. */
	private int run(List<String> command, Path directory, Duration timeout, boolean log) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		Path output = config.work().resolve("commands.log");
		if (log) {
			Files.writeString(output, "$ " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
		}
		else {
			builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		}
		Process process = builder.start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s");
		}
		return process.exitValue();
	}
}
