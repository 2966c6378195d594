package io.bodega.cart;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes carts nobody touched for {@code BODEGA_CART_IDLE} (30 days by default), with
 * their lines: a guest cart is free to make, so without this the table would only grow.
 * Safe on every node at once: each batch takes only carts no other node is deleting
 * ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
class CartPurge {

	private static final Logger log = LoggerFactory.getLogger(CartPurge.class);

	private static final int BATCH = 1000;

	private final JdbcClient jdbc;

	private final Duration idle;

	CartPurge(JdbcClient jdbc, CartProperties properties) {
		this.jdbc = jdbc;
		this.idle = properties.idle();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void run() {
		int purged = purge();
		if (purged > 0) {
			log.info("Purged {} carts untouched for {}", purged, idle);
		}
	}

	/**
	 * Deletes every idle cart, a batch per statement; answers how many this node deleted.
	 */
	int purge() {
		int total = 0;
		int deleted;
		do {
			// No index on updated_at: every change of a cart writes it, and an index
			// would be one more write for each
			// (checkout's included). A batch stops scanning once it has found its carts.
			deleted = jdbc.sql("""
					delete from carts where id in (
					  select id from carts where updated_at < now() - make_interval(secs => ?)
					  limit ? for update skip locked)""").params((double) idle.toSeconds(), BATCH).update();
			total += deleted;
		}
		while (deleted == BATCH);
		return total;
	}

}
