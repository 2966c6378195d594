package io.bodega.accounts.registration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.bodega.testing.ApiTest;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "At most one reset mail a minute" holds when many requests for one account arrive at
 * once.
 */
class MailGuardTests extends ApiTest {

	private static final int REQUESTS = 20;

	@Autowired
	PasswordReset reset;

	@Test
	void twentyConcurrentResetRequestsForOneEmailIssueOneToken() throws Exception {
		String email = register(uniqueEmail());
		UUID userId = jdbc.sql("select id from users where email = ?").param(email).query(UUID.class).single();
		List<CompletableFuture<Void>> requests = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(REQUESTS); Connection holder = unpooledConnection()) {
			// Holding the user's row from outside the pool lines all twenty up just
			// before the guard decides.
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder.prepareStatement("select id from users where id = ? for update")) {
				lock.setObject(1, userId);
				lock.executeQuery().close();
			}
			for (int i = 0; i < REQUESTS; i++) {
				requests.add(CompletableFuture.runAsync(() -> reset.mailLink(email.toUpperCase()), pool));
			}
			awaitLockWaits("", REQUESTS, () -> requests.stream().allMatch(CompletableFuture::isDone));
			holder.rollback();
			CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}

		assertThat(jdbc.sql("select count(*) from one_time_tokens where user_id = ? and purpose = 'password_reset'")
			.param(userId)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(TestMailbox.await(email, 2)).filteredOn(m -> m.subject().contains("Reset")).hasSize(1);
	}

}
