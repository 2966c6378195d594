package io.bodega.accounts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;

class AdminCustomerTests extends ApiTest {

	private static final String WRONG = "Not-The-Right-One-42";

	@Test
	void listsCustomersNewestFirstFoundByAPartOfTheirNameOrEmailInAnyCase() {
		String word = uniqueWord();
		String first = registerNamed(uniqueEmail(), "Ann " + word);
		String second = registerNamed(uniqueEmail(), "Bob " + word.toUpperCase());
		String third = registerNamed(word + "@example.org", "Carla Example");
		String admin = adminToken();

		Http.Response page = http().get("/api/v1/admin/customers?q=" + word.substring(1, 9).toUpperCase())
			.bearer(admin)
			.send();

		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(emails(page.json())).containsExactly(third, second, first);
		assertThat(page.json().path("nextCursor").isNull()).isTrue();
		JsonNode newest = page.json().path("items").get(0);
		assertThat(newest.path("name").asString()).isEqualTo("Carla Example");
		assertThat(newest.path("emailVerified").asBoolean()).isFalse();
		assertThat(newest.path("id").asString()).isNotBlank();
	}

	@Test
	void pagesThroughTheCustomersWithCursors() {
		String word = uniqueWord();
		List<String> registered = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			registered.add(registerNamed(uniqueEmail(), "Pager " + word + " " + i));
		}
		String admin = adminToken();

		Http.Response one = http().get("/api/v1/admin/customers?limit=2&q=" + word).bearer(admin).send();
		String cursor = one.json().path("nextCursor").asString();
		Http.Response two = http().get("/api/v1/admin/customers?limit=2&q=" + word + "&cursor=" + cursor)
			.bearer(admin)
			.send();
		Http.Response three = http()
			.get("/api/v1/admin/customers?limit=2&q=" + word + "&cursor=" + two.json().path("nextCursor").asString())
			.bearer(admin)
			.send();

		List<String> seen = new ArrayList<>(emails(one.json()));
		seen.addAll(emails(two.json()));
		seen.addAll(emails(three.json()));
		assertThat(seen).containsExactlyElementsOf(registered.reversed());
		assertThat(three.json().path("nextCursor").isNull()).isTrue();
	}

	@Test
	void searchTakesWildcardsLiterallyAndNeverShowsAdministrators() {
		String word = uniqueWord();
		registerNamed(uniqueEmail(), word);
		String admin = adminToken();

		Http.Response wildcard = http()
			.get("/api/v1/admin/customers?q=" + word.substring(0, 3) + "%25" + word.substring(4))
			.bearer(admin)
			.send();
		Http.Response underscore = http()
			.get("/api/v1/admin/customers?q=" + word.substring(0, 3) + "_" + word.substring(4))
			.bearer(admin)
			.send();
		Http.Response administrator = http().get("/api/v1/admin/customers?q=" + ADMIN_EMAIL).bearer(admin).send();

		assertThat(wildcard.json().path("items").size()).isZero();
		assertThat(underscore.json().path("items").size()).isZero();
		assertThat(administrator.json().path("items").size()).isZero();
	}

	@Test
	void showsALockedSignInAndUnlockingLetsTheCustomerInAtOnce() {
		String email = register(uniqueEmail());
		login(email, GOOD_PASSWORD);
		for (int i = 0; i < 10; i++) {
			assertThat(attempt(email, WRONG, "198.51.100." + i).status()).isEqualTo(401);
		}
		assertThat(attempt(email, GOOD_PASSWORD, "198.51.100.200").status()).isEqualTo(429);
		String admin = adminToken();
		String id = customerId(admin, email);

		JsonNode locked = http().get("/api/v1/admin/customers/" + id).bearer(admin).send().json();

		assertThat(locked.path("email").asString()).isEqualTo(email);
		assertThat(locked.path("activeSessions").asInt()).isEqualTo(1);
		assertThat(locked.path("signIn").path("locked").asBoolean()).isTrue();
		assertThat(locked.path("signIn").path("failedAttempts").asInt()).isEqualTo(10);
		Instant until = Instant.parse(locked.path("signIn").path("lockedUntil").asString());
		assertThat(until).isBetween(Instant.now().plus(14, ChronoUnit.MINUTES),
				Instant.now().plus(16, ChronoUnit.MINUTES));

		Http.Response unlocked = http().post("/api/v1/admin/customers/" + id + "/unlock").bearer(admin).send();

		assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
		assertThat(unlocked.json().path("signIn").path("locked").asBoolean()).isFalse();
		assertThat(unlocked.json().path("signIn").path("failedAttempts").asInt()).isZero();
		assertThat(unlocked.json().path("signIn").path("lockedUntil").isNull()).isTrue();
		assertThat(attempt(email, GOOD_PASSWORD, "198.51.100.201").status()).isEqualTo(200);
		assertThat(jdbc.sql("select actor_email from audit_log where action = 'customer.unlock' and entity_id = ?")
			.param(id)
			.query(String.class)
			.list()).containsExactly(ADMIN_EMAIL);
	}

	@Test
	void aFewFailuresAreCountedButDoNotLock() {
		String email = register(uniqueEmail());
		for (int i = 0; i < 3; i++) {
			attempt(email, WRONG, "198.51.100.210");
		}
		String admin = adminToken();

		JsonNode customer = http().get("/api/v1/admin/customers/" + customerId(admin, email))
			.bearer(admin)
			.send()
			.json();

		assertThat(customer.path("signIn").path("failedAttempts").asInt()).isEqualTo(3);
		assertThat(customer.path("signIn").path("locked").asBoolean()).isFalse();
		assertThat(customer.path("activeSessions").asInt()).isZero();
	}

	@Test
	void unknownIdsAndAdministratorsAreNotFound() {
		String admin = adminToken();
		String adminId = http().get("/api/v1/me").bearer(admin).send().json().path("id").asString();
		for (String id : List.of(adminId, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "not-an-id")) {
			Http.Response get = http().get("/api/v1/admin/customers/" + id).bearer(admin).send();
			Http.Response unlock = http().post("/api/v1/admin/customers/" + id + "/unlock").bearer(admin).send();
			assertThat(get.status()).as(id).isEqualTo(404);
			assertThat(get.code()).isEqualTo("not_found");
			assertThat(unlock.status()).as(id).isEqualTo(404);
		}
	}

	@Test
	void onlyAdministratorsMayLookAtCustomers() {
		String customer = newCustomerToken();
		String id = customerId(adminToken(), register(uniqueEmail()));
		for (Http.Request request : List.of(http().get("/api/v1/admin/customers"),
				http().get("/api/v1/admin/customers/" + id),
				http().post("/api/v1/admin/customers/" + id + "/unlock"))) {
			assertThat(request.send().code()).isEqualTo("unauthenticated");
		}
		for (Http.Request request : List.of(http().get("/api/v1/admin/customers").bearer(customer),
				http().get("/api/v1/admin/customers/" + id).bearer(customer),
				http().post("/api/v1/admin/customers/" + id + "/unlock").bearer(customer))) {
			Http.Response answer = request.send();
			assertThat(answer.status()).isEqualTo(403);
			assertThat(answer.code()).isEqualTo("forbidden");
		}
	}

	@Test
	void namesEveryBadListParameter() {
		String admin = adminToken();
		Http.Response answer = http().get("/api/v1/admin/customers?limit=0&cursor=forged.cursor&q=" + "a".repeat(255))
			.bearer(admin)
			.send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		assertThat(fields(answer)).contains("limit", "q");
		assertThat(http().get("/api/v1/admin/customers?limit=101").bearer(admin).send().status()).isEqualTo(400);
		Http.Response cursor = http().get("/api/v1/admin/customers?cursor=forged.cursor").bearer(admin).send();
		assertThat(fields(cursor)).containsExactly("cursor");
	}

	private String registerNamed(String email, String name) {
		Http.Response answer = http().post("/api/v1/auth/register")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "name", name))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return email;
	}

	private String customerId(String admin, String email) {
		JsonNode items = http().get("/api/v1/admin/customers?q=" + email).bearer(admin).send().json().path("items");
		assertThat(items.size()).isEqualTo(1);
		return items.get(0).path("id").asString();
	}

	private static List<String> emails(JsonNode page) {
		List<String> emails = new ArrayList<>();
		page.path("items").forEach(item -> emails.add(item.path("email").asString()));
		return emails;
	}

	private Http.Response attempt(String email, String password, String address) {
		return http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", address)
			.json(Map.of("email", email, "password", password))
			.send();
	}

}
