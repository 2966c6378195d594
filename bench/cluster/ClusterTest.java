import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The cluster test's driver (bench/cluster.sh runs it; see there for why it is shaped so). It starts PostgreSQL, three
 * Bodega nodes and HAProxy ({@link Cluster}), stocks a shop through the admin API, then runs the scenarios named on
 * the command line (all by default), each a method below: load from virtual threads ({@link Load}), faults done to the
 * processes, then assertions on what the clients saw and on the database ({@link Database}). Each scenario prints one
 * line: its figures, then "ok" or "FAILED" with every assertion that failed. Exit status 1 if any failed.
 * <p>
 * Usage: {@code java -cp <postgresql and jackson 3 jars> ClusterTest.java --work DIR --jar JAR --app DIR --java JAVA
 * --pg-bin DIR [--pg-user USER] [--port-base N] [scenario ...]}; {@code --app} is where the extracted jar and its AOT
 * cache are kept between runs.
 */
public class ClusterTest {

	static final List<String> SCENARIOS = List.of("race", "one-key", "kill-9", "freeze", "sigterm", "db-restart",
			"db-outage", "live", "live-kill-9");

	/** Four SKUs every load cart takes two of: contended rows, as a shop's best sellers are. */
	static final List<String> HOT = List.of("HOT-1", "HOT-2", "HOT-3", "HOT-4");

	private static final long EPOCH = System.nanoTime();

	/** Seconds since the driver started: the one clock every figure uses. */
	static double now() {
		return (System.nanoTime() - EPOCH) / 1e9;
	}

	private final Cluster cluster;
	private final Shop shop;
	private final Database db;
	private final Load.Target balancer;

	ClusterTest(Cluster cluster, Shop shop) {
		this.cluster = cluster;
		this.shop = shop;
		this.db = new Database(cluster);
		this.balancer = new Load.Target("balancer", cluster.balancer());
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				options.put(args[i].substring(2), args[++i]);
			}
			else {
				names.add(args[i]);
			}
		}
		if (names.isEmpty()) {
			names.addAll(SCENARIOS);
		}
		for (String name : names) {
			if (!SCENARIOS.contains(name)) {
				System.err.println("Unknown scenario " + name + "; the scenarios are " + String.join(" ", SCENARIOS));
				System.exit(2);
			}
		}
		Path work = Path.of(options.get("work"));
		var config = new Cluster.Config(work, Path.of(options.get("jar")), Path.of(options.get("app")),
				Path.of(options.get("java")),
				Path.of(options.get("pg-bin")), options.getOrDefault("pg-user", ""),
				Integer.parseInt(options.getOrDefault("port-base", "19100")));

		System.err.printf("Starting PostgreSQL (:%d), Bodega n1..n3 (:%d..%d) and HAProxy (:%d); logs in %s%n",
				config.dbPort(), config.nodePort(1), config.nodePort(3), config.balancerPort(), work);
		Cluster cluster = Cluster.start(config);
		AtomicBoolean closed = new AtomicBoolean();
		Runnable close = () -> {
			if (closed.compareAndSet(false, true)) {
				cluster.close();
			}
		};
		// Ctrl-C or a kill of this JVM still ends what it started.
		Runtime.getRuntime().addShutdownHook(new Thread(close));
		int failed = 0;
		try {
			System.err.printf("Cluster up after %.0f s%n", now());
			Shop shop = new Shop();
			ClusterTest test = new ClusterTest(cluster, shop);
			test.stockTheShop();
			for (int i = 0; i < names.size(); i++) {
				String name = names.get(i);
				Verdict verdict;
				try {
					if (i > 0) {
						cluster.heal();
					}
					note("scenario %s", name);
					verdict = test.run(name);
				}
				catch (Exception e) {
					verdict = new Verdict(name);
					verdict.check(false, "stopped by " + e);
				}
				System.out.println(verdict.line());
				failed += verdict.passed() ? 0 : 1;
			}
			System.out.printf("cluster: %d of %d scenarios passed in %.0f s%n", names.size() - failed, names.size(), now());
		}
		finally {
			close.run();
		}
		System.exit(failed == 0 ? 0 : 1);
	}

	private void stockTheShop() {
		shop.signInAdmin(cluster.node(1).base);
		Map<String, Integer> stock = new TreeMap<>();
		HOT.forEach(sku -> stock.put(sku, 1_000_000));
		shop.createProduct(cluster.node(1).base, "Best Seller", stock);
	}

	private Verdict run(String name) throws Exception {
		return switch (name) {
			case "race" -> race();
			case "one-key" -> oneKey();
			case "kill-9" -> kill9();
			case "freeze" -> freeze();
			case "sigterm" -> sigterm();
			case "db-restart" -> dbRestart();
			case "db-outage" -> dbOutage();
			case "live" -> live();
			case "live-kill-9" -> liveKill9();
			default -> throw new IllegalArgumentException(name);
		};
	}

	// ---- the scenarios

	/**
	 * race: stock cannot be oversold across nodes. 60 buyers, each with a cart of 1 unit of a SKU that has 10, check
	 * out at the same instant directly on the three nodes (20 each, no balancer): exactly 10 orders (201), 50 answers
	 * 409 insufficient_stock, nothing else (no 5xx), 10 units reserved, the ledger consistent.
	 */
	private Verdict race() throws Exception {
		Verdict v = new Verdict("race");
		String sku = "SCARCE-1";
		shop.createProduct(cluster.node(1).base, "Scarce Tee", Map.of(sku, 10));
		int buyers = 60;
		List<URI> nodes = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < buyers; i++) {
			URI node = cluster.node(1 + i % 3).base;
			String cart = shop.cartWith(node, List.of(sku), answer -> {
			});
			if (cart == null) {
				throw new IllegalStateException("could not fill a cart on " + node);
			}
			nodes.add(node);
			bodies.add(Shop.checkoutBody(cart, "race-%06d@example.com".formatted(i)));
		}
		CountDownLatch go = new CountDownLatch(1);
		List<Shop.Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < buyers; i++) {
			int n = i;
			threads.add(Thread.ofVirtual().start(() -> {
				try {
					go.await();
				}
				catch (InterruptedException e) {
					return;
				}
				answers.add(shop.checkout(nodes.get(n), bodies.get(n), "race-%06d".formatted(n), Duration.ofSeconds(60)));
			}));
		}
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long orders = answers.stream().filter(a -> a.status() == 201).count();
		long short_ = answers.stream().filter(a -> a.status() == 409 && a.code().equals("insufficient_stock")).count();
		long serverErrors = answers.stream().filter(a -> a.status() >= 500 || a.status() < 0).count();
		int reserved = db.reserved(sku);
		int inDatabase = db.ordersByEmail("race").size();
		List<String> problems = db.stockProblems();
		v.figure("%d buyers for 10 units on 3 nodes: %d orders, %d insufficient_stock, %d other (%s), reserved %d, %s",
				buyers, orders, short_, buyers - orders - short_, others(answers, a -> a.status() != 201
						&& !(a.status() == 409 && a.code().equals("insufficient_stock"))), reserved, ledger(problems));
		v.check(orders == 10, "expected exactly 10 orders, got " + orders);
		v.check(short_ == buyers - 10, "expected " + (buyers - 10) + " insufficient_stock, got " + short_);
		v.check(serverErrors == 0, serverErrors + " answers were 5xx or failed connections");
		v.check(reserved == 10, "expected 10 units reserved, the database has " + reserved);
		v.check(inDatabase == orders, "clients got " + orders + " orders, the database has " + inDatabase);
		v.check(problems.isEmpty(), problems);
		return v;
	}

	/**
	 * one-key: an Idempotency-Key holds across nodes. For each of 10 keys, the same key and body go to all three nodes
	 * at the same instant: exactly one order in the database; every answer is that order (201, a replay marked
	 * Idempotent-Replayed: true) or 409 idempotency_in_progress; afterwards a retry on each node replays that order.
	 */
	private Verdict oneKey() throws Exception {
		Verdict v = new Verdict("one-key");
		int keys = 10;
		int first = 0;
		int replays = 0;
		int inProgress = 0;
		int replayedAfter = 0;
		List<String> wrong = new ArrayList<>();
		for (int k = 0; k < keys; k++) {
			String name = "onekey-%06d".formatted(k);
			String cart = shop.cartWith(cluster.node(1 + k % 3).base, List.of(HOT.get(k % HOT.size())), answer -> {
			});
			if (cart == null) {
				throw new IllegalStateException("could not fill a cart");
			}
			String body = Shop.checkoutBody(cart, name + "@example.com");
			CyclicBarrier barrier = new CyclicBarrier(3);
			Shop.Answer[] answers = new Shop.Answer[3];
			List<Thread> threads = new ArrayList<>();
			for (int n = 0; n < 3; n++) {
				int i = n;
				threads.add(Thread.ofVirtual().start(() -> {
					try {
						barrier.await();
					}
					catch (Exception e) {
						return;
					}
					answers[i] = shop.checkout(cluster.node(i + 1).base, body, name, Duration.ofSeconds(60));
				}));
			}
			for (Thread thread : threads) {
				thread.join();
			}
			List<String> ids = db.ordersByEmail("onekey").getOrDefault(name + "@example.com", List.of());
			if (ids.size() != 1) {
				wrong.add(name + ": " + ids.size() + " orders in the database");
				continue;
			}
			String id = ids.getFirst();
			for (int n = 0; n < 3; n++) {
				Shop.Answer a = answers[n];
				if (a.status() == 201 && a.json().path("id").asString().equals(id)) {
					if (a.replayed()) {
						replays++;
					}
					else {
						first++;
					}
				}
				else if (a.status() == 409 && a.code().equals("idempotency_in_progress")) {
					inProgress++;
				}
				else {
					wrong.add(name + " on n" + (n + 1) + ": " + a);
				}
			}
			for (Cluster.Node node : cluster.nodes()) {
				Shop.Answer again = shop.checkout(node.base, body, name, Duration.ofSeconds(60));
				if (again.status() == 201 && again.replayed() && again.json().path("id").asString().equals(id)) {
					replayedAfter++;
				}
				else {
					wrong.add(name + " retried on " + node + ": " + again + (again.replayed() ? "" : ", not a replay"));
				}
			}
		}
		int records = db.idempotencyRecords("onekey");
		v.figure("%d keys, each sent to 3 nodes at once: %d orders, %d first answers, %d replays, %d "
				+ "idempotency_in_progress; %d of %d retries afterwards replayed the order", keys,
				db.ordersByEmail("onekey").values().stream().mapToInt(List::size).sum(), first, replays, inProgress,
				replayedAfter, keys * 3);
		v.check(first == keys, "expected one first answer per key, got " + first);
		v.check(records == keys, "expected " + keys + " idempotency records, got " + records);
		v.check(wrong.isEmpty(), wrong);
		return v;
	}

	/**
	 * kill-9: no checkout is lost or doubled when a node dies mid-request. 16 clients buy through HAProxy (every other
	 * order also paid), retrying each checkout with its key until a definitive answer; after 5 s one node is killed with
	 * SIGKILL, and restarted 3 s later; the load goes on until it is back in rotation. Every checkout ends with exactly
	 * one order (0 lost, 0 duplicate), the ledger is consistent, reserved = open order lines, the restarted node
	 * takes orders again, and Bodega answered no 500. Requests lost with the killed node are reported, not failed: a
	 * client cannot tell them from a network fault, and retries them.
	 */
	private Verdict kill9() throws Exception {
		Verdict v = new Verdict("kill-9");
		Cluster.Node victim = cluster.node(2);
		Load load = new Load(shop, "kill-9", Load.repeat(balancer, 16), HOT, true);
		double[] rejoined = new double[1];
		underLoad(load, () -> {
			sleep(5);
			cluster.kill9(victim);
			double killed = now();
			sleep(3);
			cluster.startNode(victim);
			rejoined[0] = awaitRejoined(victim, load, 20);
			v.figure("%s killed, back in rotation %.0f s later", victim, rejoined[0] - killed);
			sleep(3);
		});
		long servedAfter = load.exchanges().stream()
			.filter(e -> e.step().equals("checkout") && e.answer().status() == 201 && e.node().equals(victim.name)
					&& e.answer().started() > rejoined[0])
			.count();
		v.check(servedAfter > 0, victim + " took no order after it came back");
		checkServerErrors(v, load.exchanges());
		checkPurchases(v, load);
		v.figure("payments: %s", statuses(load.exchanges().stream()
			.filter(e -> e.step().equals("payment") && Load.definitive(e.answer()))
			.toList()));
		v.figure("%s at the balancer", failures(load.exchanges()));
		v.figure("%.0f orders/s", load.ordersPerSecond());
		return v;
	}

	/**
	 * freeze: a frozen node must not stall the others. Clients buy through HAProxy and directly on n2 and n3; after 8 s
	 * n1 is stopped with SIGSTOP at a moment when it holds row locks that other nodes' checkouts wait for (it is
	 * stopped, looked at and continued until one is caught: a freeze that holds no lock proves nothing), and kept
	 * stopped for 20 s with its connections, transactions and locks open, then continued. The healthy nodes must keep
	 * taking orders: orders/s on them during the freeze > 0, and no gap without an order on them longer than 15 s
	 * (BODEGA_DB_IDLE_IN_TRANSACTION_TIMEOUT 10 s ends the frozen node's transactions; lock waits give up after
	 * BODEGA_DB_LOCK_TIMEOUT 5 s). Orders/s before and during are reported with their ratio, which is not asserted:
	 * until the frozen node's transactions are ended the healthy nodes wait for its locks by design. Checkouts that gave
	 * up waiting are 503 with Retry-After, never 500. Then 0 lost, 0 duplicate, ledger consistent.
	 */
	private Verdict freeze() throws Exception {
		Verdict v = new Verdict("freeze");
		Cluster.Node frozen = cluster.node(1);
		List<Load.Target> clients = new ArrayList<>(Load.repeat(balancer, 8));
		clients.addAll(Load.repeat(new Load.Target("n2", cluster.node(2).base), 4));
		clients.addAll(Load.repeat(new Load.Target("n3", cluster.node(3).base), 4));
		Load load = new Load(shop, "freeze", clients, HOT, false);
		double[] window = new double[3];
		underLoad(load, () -> {
			sleep(8);
			window[0] = now();
			int tries = 0;
			int waiting = 0;
			while (waiting == 0 && tries < 40) {
				tries++;
				var ports = cluster.databaseClientPorts(frozen);
				cluster.freeze(frozen);
				window[1] = now();
				sleep(1);
				waiting = db.waitingFor(ports);
				if (waiting == 0 && tries < 40) {
					cluster.thaw(frozen);
					sleep(0.1 + 0.4 * Math.random());
				}
			}
			v.figure("%s stopped holding locks %d sessions wait for (try %d)", frozen, waiting, tries);
			v.check(waiting > 0, "could not catch " + frozen + " holding a lock others wait for in 40 tries: the "
					+ "freeze proves nothing");
			sleep(window[1] + 20 - now());
			cluster.thaw(frozen);
			window[2] = now();
			sleep(5);
		});
		// First answers only (a replay's order was made earlier, maybe elsewhere), from the two healthy nodes, counted
		// from when the frozen node was seen holding locks (answers already on their way before do not count).
		List<Double> healthy = load.exchanges().stream()
			.filter(e -> e.step().equals("checkout") && e.answer().status() == 201 && !e.answer().replayed()
					&& (e.node().equals("n2") || e.node().equals("n3")))
			.map(e -> e.answer().ended())
			.sorted()
			.toList();
		double from = window[1] + 1;
		double before = healthy.stream().filter(t -> t >= window[0] - 5 && t < window[0]).count() / 5.0;
		double during = healthy.stream().filter(t -> t >= from && t < window[2]).count() / (window[2] - from);
		double stall = 0;
		double last = from;
		for (double t : healthy) {
			if (t >= from && t < window[2]) {
				stall = Math.max(stall, t - last);
				last = t;
			}
		}
		stall = Math.max(stall, window[2] - last);
		v.figure("frozen %.0f s: n2+n3 %.1f orders/s before, %.1f during (%.0f%%), longest gap %.1f s",
				window[2] - window[1], before, during, before > 0 ? 100 * during / before : 0, stall);
		v.check(during > 0, "the healthy nodes took no order while " + frozen + " was frozen");
		v.check(stall <= 15, "the healthy nodes took no order for %.1f s of the freeze (at most 15 s expected)"
			.formatted(stall));
		checkServerErrors(v, load.exchanges());
		checkPurchases(v, load);
		v.figure("%s at the balancer", failures(load.exchanges().stream().filter(e -> e.target().equals("balancer"))
			.toList()));
		return v;
	}

	/**
	 * sigterm: a graceful shutdown drops nothing. 16 clients buy through HAProxy; after 5 s n3 gets SIGTERM, and once
	 * it has exited it is started again. Readiness must turn 503 for the drain (BODEGA_SHUTDOWN_DRAIN 3 s) before the
	 * port closes, so HAProxy takes the node out first: 0 failed requests at the balancer (no 5xx, no failed
	 * connection), 0 lost, 0 duplicate, ledger consistent, and the node back in rotation taking orders.
	 */
	private Verdict sigterm() throws Exception {
		Verdict v = new Verdict("sigterm");
		Cluster.Node victim = cluster.node(3);
		Load load = new Load(shop, "sigterm", Load.repeat(balancer, 16), HOT, false);
		double[] rejoined = new double[1];
		underLoad(load, () -> {
			sleep(5);
			double signalled = now();
			cluster.sigterm(victim);
			boolean exited = victim.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
			v.check(exited, victim + " still running 60 s after SIGTERM");
			if (!exited) {
				cluster.kill9(victim);
			}
			v.figure("%s exited %.1f s after SIGTERM (status %d)", victim, now() - signalled,
					victim.process.exitValue());
			cluster.startNode(victim);
			rejoined[0] = awaitRejoined(victim, load, 0);
			sleep(3);
		});
		List<Load.Exchange> failed = load.exchanges().stream().filter(e -> isFailure(e.answer())).toList();
		v.figure("%d requests, %s at the balancer", load.exchanges().size(), failures(load.exchanges()));
		v.check(failed.isEmpty(), failed.size() + " requests failed at the balancer: " + failures(failed));
		long servedAfter = load.exchanges().stream()
			.filter(e -> e.answer().status() < 400 && e.node().equals(victim.name) && e.answer().started() > rejoined[0])
			.count();
		v.check(servedAfter > 0, victim + " answered nothing after it came back");
		checkPurchases(v, load);
		v.figure("%.0f orders/s", load.ordersPerSecond());
		return v;
	}

	/**
	 * db-restart: a PostgreSQL restart (pg_ctl restart -m fast, every connection dropped) under load through HAProxy.
	 * Bodega's answers while the database is away are 503 with Retry-After, never 500; every node takes orders again
	 * within 30 s without being restarted; 0 lost, 0 duplicate, ledger consistent.
	 */
	private Verdict dbRestart() throws Exception {
		Verdict v = new Verdict("db-restart");
		Map<Cluster.Node, Long> pids = pids();
		Load load = new Load(shop, "db-restart", Load.repeat(balancer, 16), HOT, false);
		underLoad(load, () -> {
			sleep(5);
			double down = now();
			cluster.restartDatabase();
			double up = now();
			Map<Cluster.Node, Double> recovery = recovery(up);
			v.figure("restart took %.1f s; nodes ordering again %s s after", up - down, seconds(recovery));
			recovery.forEach((node, seconds) -> v.check(seconds <= 30,
					node + " took no order within 30 s of the database's return"));
			sleep(3);
		});
		checkServerErrors(v, load.exchanges());
		checkSameProcesses(v, pids);
		checkPurchases(v, load);
		return v;
	}

	/**
	 * db-outage: PostgreSQL stopped for 15 s under load (through HAProxy and directly on each node). While it is
	 * away, every node's readiness answers 503 within 5 s (so balancers take it out), and requests fail fast: every
	 * request a node got during the outage is answered within 5 s (BODEGA_DB_CONNECTION_WAIT is 2 s), and its
	 * failures are 503 problems (code unavailable) with Retry-After, never 500. When it is back, every node takes
	 * orders again within 30 s without being restarted; 0 lost, 0 duplicate, ledger consistent.
	 */
	private Verdict dbOutage() throws Exception {
		Verdict v = new Verdict("db-outage");
		Map<Cluster.Node, Long> pids = pids();
		List<Load.Target> clients = new ArrayList<>(Load.repeat(balancer, 8));
		for (Cluster.Node node : cluster.nodes()) {
			clients.addAll(Load.repeat(new Load.Target(node.name, node.base), 2));
		}
		Load load = new Load(shop, "db-outage", clients, HOT, false);
		double[] outage = new double[2];
		Map<Cluster.Node, Double> readinessDown = new ConcurrentHashMap<>();
		underLoad(load, () -> {
			sleep(5);
			cluster.stopDatabase();
			outage[0] = now();
			List<Thread> watchers = new ArrayList<>();
			for (Cluster.Node node : cluster.nodes()) {
				watchers.add(Thread.ofVirtual().start(() -> {
					while (now() < outage[0] + 15) {
						Shop.Answer readiness = shop.get(node.base, "/actuator/health/readiness", Duration.ofSeconds(2));
						if (readiness.status() == 503) {
							readinessDown.put(node, readiness.ended() - outage[0]);
							return;
						}
						sleep(0.1);
					}
				}));
			}
			sleep(outage[0] + 15 - now());
			for (Thread watcher : watchers) {
				watcher.join();
			}
			cluster.startDatabase();
			outage[1] = now();
			Map<Cluster.Node, Double> recovery = recovery(outage[1]);
			v.figure("stopped %.0f s; readiness 503 after %s s; nodes ordering again %s s after", outage[1] - outage[0],
					seconds(readinessOrNaN(readinessDown)), seconds(recovery));
			recovery.forEach((node, seconds) -> v.check(seconds <= 30,
					node + " took no order within 30 s of the database's return"));
			sleep(3);
		});
		for (Cluster.Node node : cluster.nodes()) {
			Double seconds = readinessDown.get(node);
			v.check(seconds != null && seconds <= 5, node + "'s readiness "
					+ (seconds == null ? "never answered 503 during the outage" : "took %.1f s to answer 503".formatted(seconds)));
		}
		// Requests the nodes got during the outage (sent straight to them, so HAProxy's own answers do not count).
		List<Load.Exchange> during = load.exchanges().stream()
			.filter(e -> !e.target().equals("balancer") && e.answer().started() >= outage[0]
					&& e.answer().started() < outage[1])
			.toList();
		double slowest = during.stream().mapToDouble(e -> e.answer().seconds()).max().orElse(0);
		List<Load.Exchange> failed = during.stream().filter(e -> isFailure(e.answer())).toList();
		double slowestFailure = failed.stream().mapToDouble(e -> e.answer().seconds()).max().orElse(0);
		List<Load.Exchange> badlyFailed = failed.stream().filter(e -> !isUnavailable(e.answer())).toList();
		v.figure("nodes answered %d requests during it: %s, slowest failure %.1f s, slowest answer %.1f s", during.size(),
				statuses(during), slowestFailure, slowest);
		v.check(slowest <= 5, "a request during the outage took %.1f s (at most 5 s expected)".formatted(slowest));
		v.check(badlyFailed.isEmpty(), badlyFailed.size() + " failures during the outage were not 503 unavailable "
				+ "problems with Retry-After: " + statuses(badlyFailed));
		v.figure("balancer: %s", statuses(load.exchanges().stream().filter(e -> e.target().equals("balancer")
			&& e.answer().started() >= outage[0] && e.answer().started() < outage[1]).toList()));
		checkServerErrors(v, load.exchanges());
		checkSameProcesses(v, pids);
		checkPurchases(v, load);
		return v;
	}

	// ---- shared checks

	/**
	 * Every purchase of the load got a definitive answer; every one answered 201 has exactly its order in the database
	 * (0 lost), no e-mail has two orders (0 duplicate), no refused one has any, one idempotency record per order, and
	 * the stock adds up ({@link Database#stockProblems}).
	 */
	private void checkPurchases(Verdict v, Load load) throws Exception {
		List<Load.Purchase> purchases = load.purchases();
		Map<String, List<String>> orders = db.ordersByEmail(load.tag());
		long unfinished = purchases.stream().filter(p -> p.unfinished).count();
		long lost = purchases.stream()
			.filter(p -> p.ordered() && !orders.getOrDefault(p.email, List.of()).equals(List.of(p.orderId)))
			.count();
		long duplicate = orders.values().stream().filter(ids -> ids.size() > 1).count();
		List<Load.Purchase> refused = purchases.stream().filter(p -> !p.unfinished && !p.ordered()).toList();
		long phantom = refused.stream().filter(p -> orders.containsKey(p.email)).count();
		long retried = purchases.stream().filter(p -> p.tries > 1).count();
		int total = orders.values().stream().mapToInt(List::size).sum();
		int records = db.idempotencyRecords(load.tag());
		List<String> problems = db.stockProblems();
		v.figure("%d checkouts (%d retried), %d lost, %d duplicate, %s", purchases.size(), retried, lost, duplicate,
				ledger(problems));
		v.check(purchases.size() > 0, "no checkout was made");
		v.check(unfinished == 0, unfinished + " checkouts got no definitive answer within 90 s of the load's end");
		v.check(lost == 0, lost + " checkouts answered 201 lack their order in the database");
		v.check(duplicate == 0, duplicate + " checkouts made more than one order");
		v.check(refused.isEmpty(), refused.size() + " checkouts were refused: "
				+ statuses(refused.stream().map(p -> new Load.Exchange("", "checkout", p.outcome)).toList()));
		v.check(phantom == 0, phantom + " refused checkouts made an order all the same");
		v.check(records == total, total + " orders but " + records + " idempotency records");
		v.check(problems.isEmpty(), problems);
	}

	/**
	 * Bodega's own 5xx answers (not HAProxy's) are only ever 503 problems (code unavailable) with Retry-After: database
	 * trouble (a lost connection, a lock or statement timeout) is a "try again", never a 500.
	 */
	private void checkServerErrors(Verdict v, List<Load.Exchange> exchanges) {
		List<Load.Exchange> fromBodega = exchanges.stream()
			.filter(e -> e.answer().status() >= 500 && !e.node().isEmpty())
			.toList();
		List<Load.Exchange> bad = fromBodega.stream().filter(e -> !isUnavailable(e.answer())).toList();
		if (!fromBodega.isEmpty()) {
			v.figure("Bodega's 5xx: %s", statuses(fromBodega));
		}
		v.check(bad.isEmpty(), bad.size() + " answers were not 503 unavailable with Retry-After: " + statuses(bad));
	}

	private void checkSameProcesses(Verdict v, Map<Cluster.Node, Long> before) {
		before.forEach((node, pid) -> v.check(node.alive() && node.pid() == pid, node + " was restarted or died"));
	}

	private static boolean isFailure(Shop.Answer answer) {
		return answer.status() < 0 || answer.status() >= 500;
	}

	private static boolean isUnavailable(Shop.Answer answer) {
		return answer.status() == 503 && answer.hasRetryAfter() && answer.isProblem() && answer.code().equals("unavailable");
	}

	/**
	 * live: a change committed on one node reaches a live client on another within a second. An admin follows
	 * order.placed through HAProxy; 60 orders are placed one after another straight on the two nodes the stream is not
	 * on. Each must arrive exactly once. The time from commit to arrival lies between the time from the checkout's answer
	 * to the arrival and the time from the checkout's start to the arrival (the commit happens inside the request):
	 * both are reported, and the upper one's p95 must be under 1 s.
	 */
	private Verdict live() throws Exception {
		Verdict v = new Verdict("live");
		Live client = new Live(cluster.balancer().resolve("/api/v1/admin/events?types=order.placed"), shop.admin())
			.start();
		String streamNode = client.node();
		List<Cluster.Node> others = cluster.nodes().stream().filter(n -> !n.name.equals(streamNode)).toList();
		Map<String, Shop.Answer> placed = new LinkedHashMap<>();
		for (int i = 0; i < 60; i++) {
			Cluster.Node node = others.get(i % others.size());
			String name = "live-%06d".formatted(i);
			String cart = shop.cartWith(node.base, List.of(HOT.get(i % HOT.size())), answer -> {
			});
			Shop.Answer order = cart == null ? null
					: shop.checkout(node.base, Shop.checkoutBody(cart, name + "@example.com"), name,
							Duration.ofSeconds(30));
			if (order != null && order.status() == 201) {
				placed.put(order.json().path("id").asString(), order);
			}
			sleep(0.05);
		}
		double deadline = now() + 10;
		while (now() < deadline && !arrivedAll(client, placed.keySet())) {
			sleep(0.1);
		}
		client.stop();
		Map<String, List<Live.Received>> byOrder = ordersReceived(client);
		List<String> missing = placed.keySet().stream().filter(id -> !byOrder.containsKey(id)).toList();
		long repeated = byOrder.entrySet().stream().filter(e -> placed.containsKey(e.getKey()))
			.mapToLong(e -> e.getValue().size() - 1).sum();
		List<Double> upper = new ArrayList<>();
		List<Double> lower = new ArrayList<>();
		placed.forEach((id, order) -> {
			if (byOrder.containsKey(id)) {
				double arrived = byOrder.get(id).getFirst().at();
				upper.add(arrived - order.started());
				lower.add(arrived - order.ended());
			}
		});
		v.figure("stream on %s, %d orders placed on %s: event after checkout start p50 %.0f / p95 %.0f / max %.0f ms, "
				+ "after its answer p50 %.0f / p95 %.0f ms", streamNode, placed.size(),
				others.stream().map(n -> n.name).collect(Collectors.joining("+")), percentile(upper, 50) * 1000,
				percentile(upper, 95) * 1000, percentile(upper, 100) * 1000, percentile(lower, 50) * 1000,
				percentile(lower, 95) * 1000);
		v.check(placed.size() >= 50, "only " + placed.size() + " of 60 checkouts succeeded");
		v.check(missing.isEmpty(), missing.size() + " orders never reached the stream: " + missing);
		v.check(repeated == 0, repeated + " events arrived more than once");
		v.check(percentile(upper, 95) < 1.0, "p95 from commit to the client was not under 1 s");
		return v;
	}

	/**
	 * live-kill-9: a live client loses nothing when the node it is connected to dies. An admin follows order.placed
	 * through HAProxy while 8 buyers place orders through HAProxy; after 4 s the stream's node is killed with SIGKILL
	 * (and started again 3 s later); the client connects again through HAProxy, as a browser's EventSource does, with
	 * the id of the last event it got as Last-Event-ID, and lands on another node. Afterwards the order.placed events it
	 * received must be exactly those in the log for the scenario's orders: 0 lost, 0 repeated.
	 */
	private Verdict liveKill9() throws Exception {
		Verdict v = new Verdict("live-kill-9");
		Live client = new Live(cluster.balancer().resolve("/api/v1/admin/events?types=order.placed"), shop.admin())
			.start();
		Cluster.Node victim = cluster.nodes().stream().filter(n -> n.name.equals(client.node())).findFirst()
			.orElseThrow(() -> new IllegalStateException("the stream is on no known node: " + client.node()));
		AtomicBoolean buying = new AtomicBoolean(true);
		java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
		List<Thread> buyers = new ArrayList<>();
		for (int b = 0; b < 8; b++) {
			buyers.add(Thread.ofVirtual().start(() -> {
				while (buying.get()) {
					String name = "livekill-%06d".formatted(count.incrementAndGet());
					String cart = shop.cartWith(cluster.balancer(), List.of(HOT.get(count.get() % HOT.size())), a -> {
					});
					if (cart != null) {
						shop.checkout(cluster.balancer(), Shop.checkoutBody(cart, name + "@example.com"), name,
								Duration.ofSeconds(30));
					}
				}
			}));
		}
		sleep(4);
		cluster.kill9(victim);
		double killed = now();
		sleep(3);
		cluster.startNode(victim);
		sleep(9);
		buying.set(false);
		for (Thread buyer : buyers) {
			buyer.join();
		}
		List<Long> logged = db.eventIds("order.placed", "livekill");
		double deadline = now() + 15;
		while (now() < deadline && !client.received.stream().map(Live.Received::id).toList().containsAll(logged)) {
			sleep(0.1);
		}
		client.stop();
		cluster.awaitReady(victim, Duration.ofSeconds(180));
		List<Long> got = client.received.stream().filter(r -> r.type().equals("order.placed")).map(Live.Received::id)
			.toList();
		List<Long> lost = logged.stream().filter(id -> !got.contains(id)).toList();
		long repeated = got.size() - got.stream().distinct().count();
		Live.Connection resumed = client.connections.stream()
			.filter(c -> c.status() == 200 && c.opened() > killed && !c.node().isEmpty())
			.findFirst()
			.orElse(null);
		v.figure("stream on %s, killed; the client connected again %d times and resumed on %s %.1f s after the kill; "
				+ "%d orders logged, %d events received, %d lost, %d repeated", victim,
				client.connections.stream().filter(c -> c.opened() > killed && !c.ended().equals("open")).count(),
				resumed == null ? "no node" : resumed.node(), resumed == null ? Double.NaN : resumed.opened() - killed,
				logged.size(), got.size(), lost.size(), repeated);
		v.check(logged.size() > 20, "only " + logged.size() + " orders were placed");
		v.check(resumed != null && !resumed.node().equals(victim.name), "the client did not resume on another node");
		v.check(lost.isEmpty(), lost.size() + " events were lost: " + lost);
		v.check(repeated == 0, repeated + " events arrived twice");
		return v;
	}

	private static Map<String, List<Live.Received>> ordersReceived(Live client) {
		return client.received.stream()
			.filter(r -> r.type().equals("order.placed"))
			.collect(Collectors.groupingBy(r -> Shop.JSON.readTree(r.data()).path("id").asString()));
	}

	private static boolean arrivedAll(Live client, java.util.Set<String> orders) {
		return ordersReceived(client).keySet().containsAll(orders);
	}

	/** The p-th percentile (nearest rank) of the values, NaN when there are none. */
	private static double percentile(List<Double> values, int p) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	// ---- helpers

	private interface Script {

		void run() throws Exception;
	}

	/**
	 * Runs the script while the load runs; the load is stopped and its purchases finished whatever happens, and its
	 * exchanges are written to {@code <work>/<tag>-exchanges.csv}.
	 */
	private void underLoad(Load load, Script script) throws Exception {
		load.start();
		try {
			script.run();
		}
		finally {
			load.stop();
			load.awaitFinished();
			load.writeExchanges(cluster.work().resolve(load.tag() + "-exchanges.csv"));
		}
	}

	/** Says on stderr what is being done, with the driver's clock, to read beside the exchanges and logs. */
	static void note(String format, Object... args) {
		System.err.printf(Locale.ROOT, "[%.1f s] %s%n", now(), String.format(Locale.ROOT, format, args));
	}

	/**
	 * Waits until the node is ready and HAProxy has it in rotation, and until the load has run for at least
	 * {@code minimum} seconds; answers when it was back. At most 3 minutes.
	 */
	private double awaitRejoined(Cluster.Node node, Load load, double minimum) throws Exception {
		cluster.awaitReady(node, Duration.ofSeconds(180));
		double deadline = now() + 30;
		while (!cluster.balancerSeesUp(node)) {
			if (now() > deadline) {
				throw new IllegalStateException("HAProxy did not take " + node + " back: " + cluster.balancerView());
			}
			sleep(0.2);
		}
		double back = now();
		sleep(Math.max(0, minimum - load.secondsSoFar()));
		return back;
	}

	/**
	 * How long after {@code since} each node took an order again, asked straight at each node (a fresh cart and key
	 * per try) until one is 201; at most 60 s of trying (NaN if none).
	 */
	private Map<Cluster.Node, Double> recovery(double since) throws InterruptedException {
		Map<Cluster.Node, Double> recovered = new ConcurrentHashMap<>();
		List<Thread> probes = new ArrayList<>();
		for (Cluster.Node node : cluster.nodes()) {
			probes.add(Thread.ofVirtual().start(() -> {
				for (int n = 0; now() < since + 60; n++) {
					String name = "probe-%s-%06d".formatted(node.name, (int) (since * 1000) + n);
					String cart = shop.cartWith(node.base, List.of(HOT.getFirst()), answer -> {
					});
					if (cart != null) {
						Shop.Answer order = shop.checkout(node.base, Shop.checkoutBody(cart, name + "@example.com"), name,
								Duration.ofSeconds(10));
						if (order.status() == 201) {
							recovered.put(node, order.ended() - since);
							return;
						}
					}
					sleep(0.2);
				}
				recovered.put(node, Double.NaN);
			}));
		}
		for (Thread probe : probes) {
			probe.join();
		}
		return recovered;
	}

	private Map<Cluster.Node, Long> pids() {
		Map<Cluster.Node, Long> pids = new LinkedHashMap<>();
		cluster.nodes().forEach(node -> pids.put(node, node.pid()));
		return pids;
	}

	private Map<Cluster.Node, Double> readinessOrNaN(Map<Cluster.Node, Double> found) {
		Map<Cluster.Node, Double> all = new LinkedHashMap<>();
		cluster.nodes().forEach(node -> all.put(node, found.getOrDefault(node, Double.NaN)));
		return all;
	}

	/** "0.8/1.1/never" in node order. */
	private String seconds(Map<Cluster.Node, Double> byNode) {
		return cluster.nodes().stream()
			.map(node -> byNode.getOrDefault(node, Double.NaN))
			.map(s -> s.isNaN() ? "never" : String.format(Locale.ROOT, "%.1f", s))
			.collect(Collectors.joining("/"));
	}

	/** "0 failed" or "3 failed: 2 × 502, 1 × connection failed (IOException)". */
	private static String failures(Collection<Load.Exchange> exchanges) {
		List<Load.Exchange> failed = exchanges.stream().filter(e -> isFailure(e.answer())).toList();
		return failed.isEmpty() ? "0 failed" : failed.size() + " failed: " + statuses(failed);
	}

	/** "12 × 503 unavailable, 2 × 500 internal_error", most frequent first. */
	private static String statuses(Collection<Load.Exchange> exchanges) {
		if (exchanges.isEmpty()) {
			return "none";
		}
		Map<String, Long> counts = exchanges.stream()
			.collect(Collectors.groupingBy(e -> e.answer().toString(), Collectors.counting()));
		return counts.entrySet().stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.map(e -> e.getValue() + " × " + e.getKey())
			.collect(Collectors.joining(", "));
	}

	private static String others(List<Shop.Answer> answers, Predicate<Shop.Answer> which) {
		return statuses(answers.stream().filter(which).map(a -> new Load.Exchange("", "", a)).toList());
	}

	private static String ledger(List<String> problems) {
		return problems.isEmpty() ? "ledger ok" : "ledger NOT ok";
	}

	static void sleep(double seconds) {
		if (seconds <= 0) {
			return;
		}
		try {
			Thread.sleep(Duration.ofNanos((long) (seconds * 1e9)));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** A scenario's figures and failed assertions, printed as its one line. */
	static final class Verdict {

		private final String name;
		private final List<String> figures = new ArrayList<>();
		private final List<String> failures = new ArrayList<>();

		Verdict(String name) {
			this.name = name;
		}

		void figure(String format, Object... args) {
			figures.add(String.format(Locale.ROOT, format, args));
		}

		void check(boolean ok, String failure) {
			if (!ok) {
				failures.add(failure);
			}
		}

		void check(boolean ok, List<String> failures) {
			if (!ok) {
				this.failures.addAll(failures);
			}
		}

		boolean passed() {
			return failures.isEmpty();
		}

		String line() {
			String line = name + ": " + String.join("; ", figures);
			return passed() ? line + " — ok" : line + " — FAILED: " + String.join("; ", failures);
		}
	}
}
