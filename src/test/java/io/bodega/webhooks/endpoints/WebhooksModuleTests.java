package io.bodega.webhooks.endpoints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.accounts.Accounts;
import io.bodega.audit.AuditLog;
import io.bodega.events.EventLog;
import io.bodega.events.EventTypes;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.notifications.Mailer;
import io.bodega.shared.CurrentUser;
import io.bodega.testing.ModuleTest;
import io.bodega.webhooks.Receiver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

/**
 * The webhooks module on its own (with {@code shared}; the event log, accounts, the audit
 * log and the mailer are mocks): when the events module tells of committed events
 * ({@link EventsCommitted}), an endpoint subscribed to their type receives each, signed,
 * as a Standard Webhooks message.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class WebhooksModuleTests extends ModuleTest {

	@MockitoBean
	EventLog eventLog;

	@MockitoBean
	Accounts accounts;

	@MockitoBean
	AuditLog audit;

	@MockitoBean
	Mailer mailer;

	@Autowired
	WebhookEndpoints endpoints;

	@Test
	void aCommittedEventReachesTheEndpointSubscribedToItsType(Scenario scenario) {
		UUID order = UUID.randomUUID();
		// far past whatever other tests left in the shared database's endpoints' cursors
		long id = System.currentTimeMillis();
		LoggedEvent placed = new LoggedEvent(id, EventTypes.ORDER_PLACED, "order:" + order, 1, null, order, null,
				"{\"id\":\"" + order + "\",\"number\":\"B-MODULE-4\"}", Instant.now());
		when(eventLog.latestId()).thenReturn(id - 1);
		try (Receiver receiver = Receiver.start()) {
			UUID endpoint = endpoints
				.create(receiver.url(), List.of(EventTypes.ORDER_PLACED), "module test",
						new CurrentUser(UUID.randomUUID(), UUID.randomUUID(), "admin@example.com", List.of("admin")))
				.id();
			when(eventLog.latestId()).thenReturn(id);
			when(eventLog.after(anyLong(), any(), anyInt())).thenReturn(List.of(placed));
			try {
				scenario.publish(new EventsCommitted(List.of(placed)))
					.andWaitForStateChange(receiver::received, received -> !received.isEmpty())
					.andVerify(received -> {
						Receiver.Received message = received.getFirst();
						assertThat(message.header("webhook-id")).isEqualTo("evt_" + id);
						assertThat(message.header("webhook-signature")).startsWith("v1,");
						assertThat(message.text()).contains("\"type\":\"order.placed\"").contains("B-MODULE-4");
					});
			}
			finally {
				endpoints.delete(endpoint, null);
			}
		}
	}

}
