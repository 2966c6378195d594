package io.bodega.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit module on its own (with {@code shared}): a change recorded in its transaction
 * is read back as the newest entry, with who made it and what it was before and after.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class AuditModuleTests extends ModuleTest {

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aRecordedChangeIsTheNewestEntryWithItsActorAndBothStates() {
		CurrentUser admin = new CurrentUser(UUID.randomUUID(), UUID.randomUUID(), "auditor@example.com",
				List.of("admin"));
		String entity = UUID.randomUUID().toString();

		transactions.executeWithoutResult(status -> audit.record(admin, "product.updated", "product", entity,
				Map.of("title", "Before"), Map.of("title", "After")));

		AuditLog.Entry newest = audit.recent(1).getFirst();
		assertThat(newest.entityId()).isEqualTo(entity);
		assertThat(newest.actorEmail()).isEqualTo("auditor@example.com");
		assertThat(newest.action()).isEqualTo("product.updated");
		assertThat(newest.before().path("title").asString()).isEqualTo("Before");
		assertThat(newest.after().path("title").asString()).isEqualTo("After");
	}

}
