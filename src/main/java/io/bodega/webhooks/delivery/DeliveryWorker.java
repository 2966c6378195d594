package io.bodega.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.bodega.webhooks.endpoints.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends due deliveries, on every node: every second, and at once when a delivery was made
 * or finished (the next one of its subject may be waiting). Each send runs on a virtual
 * thread; at most {@code parallelSends} at once per node, and a node claims only as many
 * deliveries as it has free sends, so nothing it claims waits out its lease unsent.
 */
@Component
public class DeliveryWorker implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
	static final int SHUTDOWN_SECONDS = 20;

	private final Deliveries deliveries;

	private final DeliveryOutcomes outcomes;

	private final WebhookSender sender;

	private final SecretBox secrets;

	private final Semaphore sends;

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final ReentrantLock claiming = new ReentrantLock();

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	private final AtomicBoolean again = new AtomicBoolean();

	private volatile boolean stopping;

	DeliveryWorker(Deliveries deliveries, DeliveryOutcomes outcomes, WebhookSender sender, SecretBox secrets,
			WebhookProperties properties) {
		this.deliveries = deliveries;
		this.outcomes = outcomes;
		this.sender = sender;
		this.secrets = secrets;
		this.sends = new Semaphore(properties.parallelSends());
	}

	/**
	 * Looks for due deliveries soon, on another thread (the caller may be answering a
	 * request).
	 */
	void wake() {
		if (!stopping && wakeQueued.compareAndSet(false, true)) {
			try {
				threads.execute(() -> {
					wakeQueued.set(false);
					sendDue();
				});
			}
			catch (RejectedExecutionException stopped) {
				// the node is stopping
			}
		}
	}

	/**
	 * Wakes the worker once the caller's transaction commits: what it made due is not
	 * visible before.
	 */
	public void wakeAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				wake();
			}
		});
	}

	@Scheduled(fixedDelayString = "1s", initialDelayString = "2s")
	void poll() {
		sendDue();
	}

	private void sendDue() {
		// a call while another is claiming makes that one look once more, so nothing due
		// waits for the next poll
		again.set(true);
		while (!stopping && again.get() && claiming.tryLock()) {
			try {
				again.set(false);
				claimAndSend();
			}
			finally {
				claiming.unlock();
			}
		}
	}

	private void claimAndSend() {
		try {
			while (!stopping) {
				int free = sends.availablePermits();
				if (free == 0) {
					return;
				}
				List<Deliveries.Claimed> claimed = deliveries.claim(free, null);
				claimed.forEach(this::start);
				if (claimed.size() < free) {
					return;
				}
			}
		}
		catch (RuntimeException e) {
			log.warn("Looking for due webhook deliveries failed; trying again shortly: {}", e.toString());
		}
	}

	/**
	 * Sends a claimed delivery on a thread of its own, taking one of the node's parallel
	 * sends.
	 */
	void start(Deliveries.Claimed delivery) {
		sends.acquireUninterruptibly();
		threads.execute(() -> {
			try {
				deliver(delivery);
			}
			finally {
				sends.release();
			}
			wake();
		});
	}

	/** Sends one claimed delivery and records what came of it. */
	void deliver(Deliveries.Claimed delivery) {
		try {
			List<String> keys;
			try {
				keys = delivery.secrets(secrets, Instant.now());
			}
			catch (IllegalStateException unreadable) {
				outcomes.record(delivery, new WebhookSender.Outcome(Instant.now(), null, 0, null,
						"Not sent: the endpoint's secret could not be opened (was BODEGA_SECRET_KEY changed?); rotate "
								+ "the secret",
						null));
				return;
			}
			WebhookSender.Outcome outcome = sender.send(delivery.url(), delivery.webhookId(),
					delivery.body().getBytes(StandardCharsets.UTF_8), keys);
			outcomes.record(delivery, outcome);
		}
		catch (RuntimeException e) {
			// Left claimed: it is sent again when its lease ends.
			log.warn("Webhook delivery {} could not be completed; it is retried after its lease: {}", delivery.id(),
					e.toString());
		}
	}

	/**
	 * Stops claiming and waits (at most {@value #SHUTDOWN_SECONDS} s, longer than an
	 * attempt may take) for the sends in flight to be recorded, before the database goes
	 * away. A send still running after that is sent again after its lease.
	 */
	@Override
	public void destroy() throws InterruptedException {
		stopping = true;
		claiming.lock();
		try {
			threads.shutdown();
		}
		finally {
			claiming.unlock();
		}
		if (!threads.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
			log.warn("Webhook sends still running after {} s are left to be sent again after their lease",
					SHUTDOWN_SECONDS);
			threads.shutdownNow();
		}
	}

}
