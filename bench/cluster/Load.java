import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checkout load: each client (a virtual thread) buys over and over until told to stop. A purchase is a fresh guest
 * cart with one unit of two of the hot SKUs, then a checkout retried with the SAME Idempotency-Key and body until a
 * definitive answer: 201, or a 4xx other than 409 idempotency_in_progress and 429 (which both say "retry"). A failed
 * connection, a timeout or a 5xx is retried after a short pause, as a careful client would. Optionally every other
 * order is paid with the test card, retried the same way. Every HTTP exchange is kept, for the scenarios to count.
 * <p>
 * Each purchase has its own e-mail, which is also its Idempotency-Key's name, so the database tells how many orders
 * each purchase made.
 */
final class Load {

	/** Where a client sends its requests: the balancer, or one node directly. */
	record Target(String name, URI base) {
	}

	/** One HTTP exchange of the load. */
	record Exchange(String target, String step, Shop.Answer answer) {

		/** The node that answered: the target itself, or for the balancer the node it chose ("" if it answered itself). */
		String node() {
			return target.equals("balancer") ? answer.servedBy() : target;
		}
	}

	/** One checkout as a client saw it, from its first request to its definitive answer. */
	static final class Purchase {

		final String email;
		final String key;
		volatile Shop.Answer outcome;
		volatile String orderId;
		volatile int tries;
		volatile boolean unfinished;

		Purchase(String email, String key) {
			this.email = email;
			this.key = key;
		}

		boolean ordered() {
			return outcome != null && outcome.status() == 201;
		}
	}

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	/** How long a purchase under way may keep retrying after the load was told to stop. */
	private static final Duration GRACE = Duration.ofSeconds(90);

	private final Shop shop;
	private final String tag;
	private final List<Target> clients;
	private final List<String> skus;
	private final boolean pay;
	private final AtomicInteger sequence = new AtomicInteger();
	private final Queue<Purchase> purchases = new ConcurrentLinkedQueue<>();
	private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
	private final List<Thread> threads = new ArrayList<>();
	private volatile boolean stopping;
	private volatile double started;
	private volatile double stopped;

	/**
	 * @param tag names the purchases' e-mails and keys ({@code <tag>-000001}), so a scenario finds its own orders
	 * @param clients one entry per concurrent client
	 * @param skus the hot SKUs every cart takes two of
	 * @param pay whether every other order is paid
	 */
	Load(Shop shop, String tag, List<Target> clients, List<String> skus, boolean pay) {
		this.shop = shop;
		this.tag = tag;
		this.clients = clients;
		this.skus = skus;
		this.pay = pay;
	}

	static List<Target> repeat(Target target, int times) {
		return Collections.nCopies(times, target);
	}

	void start() {
		started = ClusterTest.now();
		for (Target target : clients) {
			threads.add(Thread.ofVirtual().name("buyer-" + target.name()).start(() -> buyUntilStopped(target)));
		}
	}

	/** Stops starting new purchases; those under way still finish (see {@link #awaitFinished}). */
	void stop() {
		stopped = ClusterTest.now();
		stopping = true;
	}

	/** Waits for the purchases under way to get their definitive answer (or give up after the grace period). */
	void awaitFinished() throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(GRACE.plusSeconds(REQUEST_TIMEOUT.toSeconds()));
		}
	}

	String tag() {
		return tag;
	}

	List<Purchase> purchases() {
		return List.copyOf(purchases);
	}

	List<Exchange> exchanges() {
		return List.copyOf(exchanges);
	}

	/** Seconds from start to stop. */
	double seconds() {
		return stopped - started;
	}

	/** Writes every exchange to a CSV file (started, ended, target, node, step, status or error, code), for diagnosis. */
	void writeExchanges(java.nio.file.Path file) throws java.io.IOException {
		List<String> lines = new ArrayList<>();
		lines.add("started,ended,target,node,step,status,code,replayed");
		for (Exchange e : exchanges) {
			Shop.Answer a = e.answer();
			lines.add(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s,%s,%s,%s,%s,%s", a.started(), a.ended(),
					e.target(), e.node(), e.step(), a.status() < 0 ? "\"" + a.error() + "\"" : a.status(), a.code(),
					a.replayed()));
		}
		java.nio.file.Files.write(file, lines);
	}

	/** Seconds since the load started. */
	double secondsSoFar() {
		return ClusterTest.now() - started;
	}

	/** Orders per second over the load's whole run. */
	double ordersPerSecond() {
		return purchases.stream().filter(Purchase::ordered).count() / seconds();
	}

	private void buyUntilStopped(Target target) {
		while (!stopping) {
			String cart = shop.cartWith(target.base(), twoSkus(),
					answer -> exchanges.add(new Exchange(target.name(), "cart", answer)));
			if (cart == null) {
				pause(200);
				continue;
			}
			int n = sequence.incrementAndGet();
			String name = "%s-%06d".formatted(tag, n);
			Purchase purchase = new Purchase(name + "@example.com", name);
			purchases.add(purchase);
			checkOut(target, cart, purchase);
			if (pay && purchase.ordered() && n % 2 == 0) {
				payFor(target, purchase);
			}
		}
	}

	private void checkOut(Target target, String cart, Purchase purchase) {
		String body = Shop.checkoutBody(cart, purchase.email);
		while (true) {
			Shop.Answer answer = shop.checkout(target.base(), body, purchase.key, REQUEST_TIMEOUT);
			exchanges.add(new Exchange(target.name(), "checkout", answer));
			purchase.tries++;
			if (definitive(answer)) {
				purchase.outcome = answer;
				if (answer.status() == 201) {
					purchase.orderId = answer.json().path("id").asString();
				}
				return;
			}
			if (stopping && ClusterTest.now() > stopped + GRACE.toSeconds()) {
				purchase.unfinished = true;
				purchase.outcome = answer;
				return;
			}
			pause(retryPause(answer));
		}
	}

	/** Pays with the card that succeeds, retried with one key until definitive; the ledger checks tell the rest. */
	private void payFor(Target target, Purchase purchase) {
		OrderRef order = new OrderRef(purchase.outcome);
		String key = "pay-" + purchase.key;
		double giveUp = ClusterTest.now() + GRACE.toSeconds();
		while (ClusterTest.now() < giveUp) {
			Shop.Answer answer = shop.pay(target.base(), order.id(), order.token(), key, REQUEST_TIMEOUT);
			exchanges.add(new Exchange(target.name(), "payment", answer));
			if (definitive(answer)) {
				return;
			}
			pause(retryPause(answer));
		}
	}

	/** The order's id and guest token from a checkout's answer. */
	private record OrderRef(String id, String token) {

		OrderRef(Shop.Answer answer) {
			this(answer.json().path("id").asString(), answer.json().path("orderToken").asString());
		}
	}

	/** 2xx, or a client error that is not "retry": 409 idempotency_in_progress and 429 rate_limited are retried. */
	static boolean definitive(Shop.Answer answer) {
		int status = answer.status();
		if (status >= 200 && status < 300) {
			return true;
		}
		if (status == 429 || (status == 409 && answer.code().equals("idempotency_in_progress"))) {
			return false;
		}
		return status >= 400 && status < 500;
	}

	private static long retryPause(Shop.Answer answer) {
		if (answer.status() == 409) {
			return 100;
		}
		String retryAfter = answer.headers().first("Retry-After");
		if (!retryAfter.isEmpty()) {
			try {
				return Math.min(1000, Long.parseLong(retryAfter) * 1000);
			}
			catch (NumberFormatException e) {
				return 1000;
			}
		}
		return 200;
	}

	private List<String> twoSkus() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int first = random.nextInt(skus.size());
		int second = (first + 1 + random.nextInt(skus.size() - 1)) % skus.size();
		return List.of(skus.get(first), skus.get(second));
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
