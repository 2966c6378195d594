package io.bodega.webhooks.endpoints;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.bodega.testing.Http;
import io.bodega.webhooks.WebhookTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

class WebhookAdminTests extends WebhookTestSupport {

	@Test
	void createsAnEndpointShowingItsSecretOnceAndKeepsItSealed() {
		Http.Response created = http().post("/api/v1/admin/webhooks")
			.bearer(admin)
			.json(Map.of("url", receiver.url(), "eventTypes", List.of("order.paid", "order.placed", "order.paid"),
					"description", "  Fulfilment  "))
			.send();

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode endpoint = created.json();
		String id = endpoint.path("id").asString();
		assertThat(created.header("Location")).hasValue("/api/v1/admin/webhooks/" + id);
		String secret = endpoint.path("secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
		assertThat(endpoint.path("eventTypes").toString()).isEqualTo("[\"order.paid\",\"order.placed\"]");
		assertThat(endpoint.path("description").asString()).isEqualTo("Fulfilment");
		assertThat(endpoint.path("enabled").asBoolean()).isTrue();

		Http.Response got = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send();
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.json().has("secret")).isFalse();
		assertThat(got.text()).doesNotContain(secret.substring(6));
		assertThat(http().get("/api/v1/admin/webhooks?limit=100").bearer(admin).send().text()).contains(id)
			.doesNotContain(secret.substring(6));
		byte[] stored = jdbc.sql("select secret from webhook_endpoints where id = cast(? as uuid)")
			.param(id)
			.query(byte[].class)
			.single();
		String storedText = new String(stored, StandardCharsets.ISO_8859_1);
		assertThat(storedText).doesNotContain(secret).doesNotContain(secret.substring(6));
		assertThat(storedText).doesNotContain(new String(SecretBox.signingKey(secret), StandardCharsets.ISO_8859_1));
		String audit = http().get("/api/v1/admin/audit?entityType=webhook&entityId=" + id).bearer(admin).send().text();
		assertThat(audit).contains("webhook.create").doesNotContain(secret.substring(6));
	}

	@Test
	void updatesEnablesDisablesAndDeletesAnEndpointWithAnAuditTrail() {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();

		Http.Response updated = http().patch("/api/v1/admin/webhooks/" + id)
			.bearer(admin)
			.json(Map.of("eventTypes", List.of("stock.changed", "product.updated"), "description", "Stock sync"))
			.send();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("eventTypes").toString()).isEqualTo("[\"product.updated\",\"stock.changed\"]");
		assertThat(updated.json().path("url").asString()).isEqualTo(receiver.url());
		assertThat(updated.json().path("description").asString()).isEqualTo("Stock sync");

		Http.Response disabled = http().post("/api/v1/admin/webhooks/" + id + "/disable").bearer(admin).send();
		assertThat(disabled.status()).isEqualTo(200);
		assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
		assertThat(disabled.json().path("disabledReason").asString()).isEqualTo("admin");
		Http.Response test = http().post("/api/v1/admin/webhooks/" + id + "/test").bearer(admin).send();
		assertThat(test.status()).isEqualTo(409);
		assertThat(test.code()).isEqualTo("invalid_state");

		Http.Response enabled = http().patch("/api/v1/admin/webhooks/" + id)
			.bearer(admin)
			.json(Map.of("enabled", true))
			.send();
		assertThat(enabled.status()).isEqualTo(200);
		assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
		assertThat(enabled.json().path("disabledReason").isNull()).isTrue();
		assertThat(http().post("/api/v1/admin/webhooks/" + id + "/enable").bearer(admin).send().status())
			.isEqualTo(200);
		assertThat(http().post("/api/v1/admin/webhooks/" + id + "/disable").bearer(admin).send().status())
			.isEqualTo(200);
		Http.Response reenabled = http().post("/api/v1/admin/webhooks/" + id + "/enable").bearer(admin).send();
		assertThat(reenabled.json().path("enabled").asBoolean()).isTrue();

		Http.Response deleted = http().delete("/api/v1/admin/webhooks/" + id).bearer(admin).send();
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().status()).isEqualTo(404);
		assertThat(http().delete("/api/v1/admin/webhooks/" + id).bearer(admin).send().status()).isEqualTo(404);

		JsonNode audit = http().get("/api/v1/admin/audit?entityType=webhook&entityId=" + id)
			.bearer(admin)
			.send()
			.json();
		List<String> actions = audit.path("items").valueStream().map(e -> e.path("action").asString()).toList();
		// enabling what is enabled changes nothing and is not recorded
		assertThat(actions).containsExactly("webhook.delete", "webhook.enable", "webhook.disable", "webhook.update",
				"webhook.disable", "webhook.update", "webhook.create");
	}

	@Test
	void refusesUnknownEventTypesAndBadBodiesNamingTheFields() {
		Http.Response unknown = http().post("/api/v1/admin/webhooks")
			.bearer(admin)
			.json(Map.of("url", receiver.url(), "eventTypes",
					List.of("order.placed", "order.teleported", "cart.changed")))
			.send();
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.code()).isEqualTo("validation_failed");
		assertThat(fields(unknown)).containsExactly("eventTypes[1]", "eventTypes[2]");

		Http.Response empty = http().post("/api/v1/admin/webhooks")
			.bearer(admin)
			.json(Map.of("eventTypes", List.of()))
			.send();
		assertThat(empty.status()).isEqualTo(400);
		assertThat(fields(empty)).contains("url", "eventTypes");

		Http.Response malformed = http().post("/api/v1/admin/webhooks")
			.bearer(admin)
			.json("{\"url\": 5, \"eventTypes\": \"order.placed\"")
			.send();
		assertThat(malformed.status()).isEqualTo(400);

		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		Http.Response badPatch = http().patch("/api/v1/admin/webhooks/" + id)
			.bearer(admin)
			.json(Map.of("url", "https://10.1.2.3/hook", "eventTypes", List.of("nope")))
			.send();
		assertThat(badPatch.status()).isEqualTo(400);
		assertThat(fields(badPatch)).containsExactlyInAnyOrder("url", "eventTypes[0]");
		assertThat(http().get("/api/v1/admin/webhooks/" + id + "/deliveries?status=lost").bearer(admin).send().status())
			.isEqualTo(400);
		assertThat(http().get("/api/v1/admin/webhooks?cursor=forged.cursor").bearer(admin).send().code())
			.isEqualTo("validation_failed");
		assertThat(http().get("/api/v1/admin/webhooks/not-an-id").bearer(admin).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/admin/webhooks/" + id + "/deliveries/" + UUID.randomUUID())
			.bearer(admin)
			.send()
			.status()).isEqualTo(404);
	}

	@Test
	void refusesUrlsThatLeadIntoInternalNetworks() {
		for (String url : List.of("https://10.0.0.1/hook", "http://10.0.0.1/hook",
				"https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://0.0.0.0/hook",
				"https://127.0.0.2/hook", "https://[::ffff:127.0.0.2]/hook", "https://[::ffff:169.254.169.254]/",
				"https://100.64.0.1/", "https://172.16.5.4/", "https://192.168.1.1/", "https://[fe80::1]/",
				"https://[fd00::1]/", "https://224.0.0.1/", "https://[::]/", "https://[64:ff9b::a9fe:a9fe]/",
				"https://user:secret@127.0.0.1/hook", "ftp://127.0.0.1/hook", "127.0.0.1:8080/hook",
				"https://unresolvable.invalid/hook", "http://127.0.0.1/x#fragment")) {
			Http.Response refused = http().post("/api/v1/admin/webhooks")
				.bearer(admin)
				.json(Map.of("url", url, "eventTypes", List.of("order.placed")))
				.send();
			assertThat(refused.status()).as(url + " " + refused).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("validation_failed");
			assertThat(fields(refused)).as(url).containsExactly("url");
		}
		// the test profile allows 127.0.0.1/32, and with it plain http
		createEndpoint("http://127.0.0.1:9/hook", List.of("order.placed"));
	}

	@Test
	void pagesDeliveriesNewestFirstWithTheirAttemptsAndFiltersByStatus() {
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		String first = sendTest(id).path("id").asString();
		String second = sendTest(id).path("id").asString();
		String third = sendTest(id).path("id").asString();
		receiver.await(3);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> http().get("/api/v1/admin/webhooks/" + id + "/deliveries?status=succeeded")
				.bearer(admin)
				.send()
				.json()
				.path("items")
				.size() == 3);

		JsonNode page = http().get("/api/v1/admin/webhooks/" + id + "/deliveries?limit=2").bearer(admin).send().json();
		assertThat(page.path("items").valueStream().map(d -> d.path("id").asString())).containsExactly(third, second);
		assertThat(page.path("items").get(0).path("attempts").get(0).path("status").asInt()).isEqualTo(200);
		JsonNode next = http()
			.get("/api/v1/admin/webhooks/" + id + "/deliveries?limit=2&cursor=" + page.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.json();
		assertThat(next.path("items").valueStream().map(d -> d.path("id").asString())).containsExactly(first);
		assertThat(next.path("nextCursor").isNull()).isTrue();
		assertThat(http().get("/api/v1/admin/webhooks/" + id + "/deliveries?status=failed")
			.bearer(admin)
			.send()
			.json()
			.path("items")).isEmpty();
		// a cursor of one endpoint's list is no good for another's
		String other = createEndpoint(List.of("order.placed")).path("id").asString();
		assertThat(http()
			.get("/api/v1/admin/webhooks/" + other + "/deliveries?limit=2&cursor=" + page.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.status()).isEqualTo(400);
	}

	@Test
	void onlyAdminsManageWebhooks() {
		String customer = newCustomerToken();
		assertThat(http().get("/api/v1/admin/webhooks").send().status()).isEqualTo(401);
		Http.Response forbidden = http().post("/api/v1/admin/webhooks")
			.bearer(customer)
			.json(Map.of("url", receiver.url(), "eventTypes", List.of("order.placed")))
			.send();
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.code()).isEqualTo("forbidden");
	}

	private static List<String> fields(Http.Response problem) {
		return problem.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
	}

}
