package io.bodega.accounts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.function.Function;

class StaffTests extends ApiTest {

	private static final String STAFF_PASSWORD = "Marigold-Compass-Tundra-Violin-58";

	@Test
	void anInvitedPersonAcceptsByMailAndSignsInAsAnAdministrator() {
		String admin = adminToken();
		String email = uniqueEmail();

		Http.Response invited = invite(admin, email, "Nora Newcomer");

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		JsonNode invite = invited.json();
		assertThat(invite.path("email").asString()).isEqualTo(email);
		assertThat(invite.path("name").asString()).isEqualTo("Nora Newcomer");
		assertThat(invite.path("invitedBy").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(Instant.parse(invite.path("expiresAt").asString())).isBetween(Instant.now().plus(6, ChronoUnit.DAYS),
				Instant.now().plus(8, ChronoUnit.DAYS));
		assertThat(pendingInviteIds(admin)).contains(invite.path("id").asString());
		TestMailbox.Mail mail = TestMailbox.awaitLatest(email, 1);
		assertThat(mail.link()).contains("/admin/#/accept-invite?token=");
		assertThat(mail.body()).contains(ADMIN_EMAIL);

		Http.Response accepted = accept(mail.token(), STAFF_PASSWORD, null);

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		assertThat(accepted.json().path("email").asString()).isEqualTo(email);
		assertThat(accepted.json().path("name").asString()).isEqualTo("Nora Newcomer");
		assertThat(accepted.json().path("roles").get(0).asString()).isEqualTo("admin");
		assertThat(accepted.json().path("emailVerified").asBoolean()).isTrue();
		String newcomer = token(email, STAFF_PASSWORD);
		Http.Response staff = http().get("/api/v1/admin/staff?limit=100").bearer(newcomer).send();
		assertThat(staff.status()).isEqualTo(200);
		JsonNode me = member(staff.json(), email);
		assertThat(me.path("you").asBoolean()).isTrue();
		assertThat(me.path("id").asString()).isEqualTo(accepted.json().path("id").asString());
		assertThat(member(staff.json(), ADMIN_EMAIL).path("you").asBoolean()).isFalse();
		assertThat(pendingInviteIds(admin)).doesNotContain(invite.path("id").asString());
		assertThat(auditActions(invite.path("id").asString())).containsExactly("staff.invite");
		assertThat(auditActions(me.path("id").asString())).containsExactly("staff.invite_accept");
	}

	@Test
	void anInvitationWorksOnlyOnceAndTheNewcomerMayChooseTheirName() {
		String email = uniqueEmail();
		invite(adminToken(), email, "Given Name");
		String token = TestMailbox.awaitLatest(email, 1).token();

		Http.Response first = accept(token, STAFF_PASSWORD, "Chosen Name");
		Http.Response second = accept(token, "Another-Passphrase-Entirely-61", null);

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.json().path("name").asString()).isEqualTo("Chosen Name");
		assertInvalidToken(second);
		assertThat(login(email, STAFF_PASSWORD).path("user").path("name").asString()).isEqualTo("Chosen Name");
	}

	@Test
	void anExpiredInvitationIsRefusedAndNoLongerListed() {
		String admin = adminToken();
		String email = uniqueEmail();
		String id = invite(admin, email, "Late Larry").json().path("id").asString();
		String token = TestMailbox.awaitLatest(email, 1).token();
		jdbc.sql("update staff_invites set expires_at = now() - interval '1 second' where id = ?")
			.param(UUID.fromString(id))
			.update();

		assertInvalidToken(accept(token, STAFF_PASSWORD, null));
		assertThat(pendingInviteIds(admin)).doesNotContain(id);
		assertThat(http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", STAFF_PASSWORD))
			.send()
			.status()).isEqualTo(401);
	}

	@Test
	void invitingAgainReplacesThePendingInvitationAndKillsItsLink() {
		String admin = adminToken();
		String email = uniqueEmail();
		String oldId = invite(admin, email, "Twice Invited").json().path("id").asString();
		String oldToken = TestMailbox.awaitLatest(email, 1).token();

		Http.Response again = invite(admin, email.toUpperCase(), "Twice Invited");
		String newToken = TestMailbox.awaitLatest(email, 2).token();

		assertThat(again.status()).isEqualTo(201);
		String newId = again.json().path("id").asString();
		assertThat(newId).isNotEqualTo(oldId);
		assertThat(pendingInviteIds(admin)).contains(newId).doesNotContain(oldId);
		assertInvalidToken(accept(oldToken, STAFF_PASSWORD, null));
		assertThat(accept(newToken, STAFF_PASSWORD, null).status()).isEqualTo(201);
	}

	@Test
	void aRevokedInvitationsLinkStopsWorking() {
		String admin = adminToken();
		String email = uniqueEmail();
		String id = invite(admin, email, "Revoked Rita").json().path("id").asString();
		String token = TestMailbox.awaitLatest(email, 1).token();

		Http.Response revoked = http().delete("/api/v1/admin/staff/invites/" + id).bearer(admin).send();

		assertThat(revoked.status()).isEqualTo(204);
		assertInvalidToken(accept(token, STAFF_PASSWORD, null));
		assertThat(pendingInviteIds(admin)).doesNotContain(id);
		assertThat(http().delete("/api/v1/admin/staff/invites/" + id).bearer(admin).send().code())
			.isEqualTo("not_found");
		assertThat(http().delete("/api/v1/admin/staff/invites/nope").bearer(admin).send().status()).isEqualTo(404);
		assertThat(auditActions(id)).containsExactly("staff.invite", "staff.invite_revoke");
	}

	@Test
	void anEmailThatHasAnAccountCannotBeInvited() {
		String admin = adminToken();
		String customer = register(uniqueEmail());

		for (String email : List.of(customer, customer.toUpperCase(), ADMIN_EMAIL)) {
			Http.Response answer = invite(admin, email, "Someone");
			assertThat(answer.status()).as(email).isEqualTo(409);
			assertThat(answer.code()).isEqualTo("email_taken");
		}
		assertThat(TestMailbox.await(customer, 1)).hasSize(1).allMatch(m -> !m.body().contains("accept-invite"));
		assertThat(http().get("/api/v1/me")
			.bearer(token(customer, GOOD_PASSWORD))
			.send()
			.json()
			.path("roles")
			.get(0)
			.asString()).isEqualTo("customer");
	}

	@Test
	void badInvitationsAndAcceptancesNameEveryBadField() {
		String admin = adminToken();
		Http.Response badInvite = http().post("/api/v1/admin/staff/invites")
			.bearer(admin)
			.json(Map.of("email", "not-an-email", "name", " "))
			.send();
		Http.Response badAccept = http().post("/api/v1/auth/accept-invite")
			.json(Map.of("token", "", "password", "short", "name", " "))
			.send();

		assertThat(badInvite.status()).isEqualTo(400);
		assertThat(fields(badInvite)).containsExactlyInAnyOrder("email", "name");
		assertThat(badAccept.status()).isEqualTo(400);
		assertThat(badAccept.code()).isEqualTo("validation_failed");
		assertThat(fields(badAccept)).containsExactlyInAnyOrder("token", "password", "name");
		assertInvalidToken(accept("an-unknown-token-of-forty-three-characters-xx", STAFF_PASSWORD, null));
	}

	@Test
	void aWeakPasswordIsRefusedAndLeavesTheLinkWorking() {
		String email = uniqueEmail();
		invite(adminToken(), email, "Weak Walter");
		String token = TestMailbox.awaitLatest(email, 1).token();

		Http.Response weak = accept(token, "password1234", null);

		assertThat(weak.status()).isEqualTo(400);
		assertThat(fields(weak)).containsExactly("password");
		assertThat(accept(token, STAFF_PASSWORD, null).status()).isEqualTo(201);
	}

	@Test
	void aRemovedAdministratorsSessionsStopAtOnce() {
		String admin = adminToken();
		String email = newAdministrator(admin);
		String removedToken = token(email, STAFF_PASSWORD);
		String id = http().get("/api/v1/me").bearer(removedToken).send().json().path("id").asString();
		assertThat(http().get("/api/v1/admin/staff").bearer(removedToken).send().status()).isEqualTo(200);

		Http.Response removed = http().delete("/api/v1/admin/staff/" + id).bearer(admin).send();

		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(http().get("/api/v1/admin/staff").bearer(removedToken).send().code()).isEqualTo("unauthenticated");
		assertThat(http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", STAFF_PASSWORD))
			.send()
			.code()).isEqualTo("invalid_credentials");
		assertThat(http().get("/api/v1/admin/staff?limit=100").bearer(admin).send().json().path("items").toString())
			.doesNotContain(email);
		assertThat(http().delete("/api/v1/admin/staff/" + id).bearer(admin).send().code()).isEqualTo("not_found");
		assertThat(auditActions(id)).containsExactly("staff.invite_accept", "staff.remove");
		assertThat(invite(admin, email, "Welcome Back").status()).as("the e-mail is free again").isEqualTo(201);
	}

	@Test
	void theInvitationsARemovedAdministratorSentStopWorking() {
		String admin = adminToken();
		String leaving = token(newAdministrator(admin), STAFF_PASSWORD);
		String leavingId = http().get("/api/v1/me").bearer(leaving).send().json().path("id").asString();
		String friend = "friend-" + uniqueWord() + "@example.com";
		assertThat(invite(leaving, friend, "A Friend").status()).isEqualTo(201);
		String token = TestMailbox.awaitLatest(friend, 1).token();

		assertThat(http().delete("/api/v1/admin/staff/" + leavingId).bearer(admin).send().status()).isEqualTo(204);

		assertThat(accept(token, STAFF_PASSWORD, null).status()).isEqualTo(400);
		assertThat(http().get("/api/v1/admin/staff/invites?limit=100").bearer(admin).send().json().toString())
			.doesNotContain(friend);
	}

	@Test
	void anAdministratorMayLeaveButACustomerIsNoStaffMember() {
		String admin = adminToken();
		String leaving = token(newAdministrator(admin), STAFF_PASSWORD);
		String leavingId = http().get("/api/v1/me").bearer(leaving).send().json().path("id").asString();
		String customerId = http().get("/api/v1/me").bearer(newCustomerToken()).send().json().path("id").asString();

		assertThat(http().delete("/api/v1/admin/staff/" + customerId).bearer(admin).send().code())
			.isEqualTo("not_found");
		assertThat(http().delete("/api/v1/admin/staff/" + leavingId).bearer(leaving).send().status()).isEqualTo(204);
		assertThat(http().get("/api/v1/me").bearer(leaving).send().status()).isEqualTo(401);
	}

	@Test
	void onlyAdministratorsManageTheStaff() {
		String customer = newCustomerToken();
		String someId = UUID.randomUUID().toString();
		List<Function<String, Http.Response>> calls = List.of(
				t -> withToken(http().get("/api/v1/admin/staff"), t).send(),
				t -> withToken(http().get("/api/v1/admin/staff/invites"), t).send(),
				t -> withToken(http().post("/api/v1/admin/staff/invites"), t)
					.json(Map.of("email", uniqueEmail(), "name", "Sneaky"))
					.send(),
				t -> withToken(http().delete("/api/v1/admin/staff/invites/" + someId), t).send(),
				t -> withToken(http().delete("/api/v1/admin/staff/" + someId), t).send());
		for (var call : calls) {
			Http.Response anonymous = call.apply(null);
			Http.Response byCustomer = call.apply(customer);
			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.code()).isEqualTo("unauthenticated");
			assertThat(byCustomer.status()).isEqualTo(403);
			assertThat(byCustomer.code()).isEqualTo("forbidden");
		}
	}

	@Test
	void listsPageWithCursors() {
		String admin = adminToken();
		for (int i = 0; i < 3; i++) {
			assertThat(invite(admin, uniqueEmail(), "Paged " + i).status()).isEqualTo(201);
		}
		Http.Response first = http().get("/api/v1/admin/staff/invites?limit=2").bearer(admin).send();
		Http.Response next = http()
			.get("/api/v1/admin/staff/invites?limit=2&cursor=" + first.json().path("nextCursor").asString())
			.bearer(admin)
			.send();

		assertThat(first.json().path("items").size()).isEqualTo(2);
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.json().path("items").size()).isPositive();
		assertThat(next.json().path("items").toString())
			.doesNotContain(first.json().path("items").get(1).path("id").asString());
		Http.Response staffCursorOnInvites = http()
			.get("/api/v1/admin/staff?cursor=" + first.json().path("nextCursor").asString())
			.bearer(admin)
			.send();
		assertThat(fields(staffCursorOnInvites)).containsExactly("cursor");
		assertThat(fields(http().get("/api/v1/admin/staff?limit=0").bearer(admin).send())).containsExactly("limit");
	}

	/**
	 * Two administrators, each removing the other from many threads at the same moment, a
	 * few times over: exactly one removal succeeds each time and one administrator is
	 * left. The suite's other administrators are set aside (made customers) for the race,
	 * so the two are the only ones.
	 */
	@Test
	void administratorsRemovingEachOtherAtOnceAlwaysLeaveOne() throws Exception {
		String admin = adminToken();
		for (int round = 0; round < 3; round++) {
			Map<String, String> tokens = new HashMap<>();
			for (int i = 0; i < 2; i++) {
				String token = token(newAdministrator(admin), STAFF_PASSWORD);
				tokens.put(http().get("/api/v1/me").bearer(token).send().json().path("id").asString(), token);
			}
			List<String> ids = List.copyOf(tokens.keySet());
			List<UUID> setAside = jdbc.sql("""
					update users set role = 'customer' where role = 'admin' and not (id = any(cast(? as uuid[])))
					returning id""").param(ids.toArray(String[]::new)).query(UUID.class).list();
			try {
				List<Integer> statuses = race(ids, tokens, 24);

				assertThat(statuses).as("answers of round " + round).isSubsetOf(204, 401, 403, 404, 409);
				assertThat(statuses.stream().filter(s -> s == 204).count()).as("removals").isEqualTo(1);
				List<UUID> left = jdbc.sql("select id from users where role = 'admin'").query(UUID.class).list();
				assertThat(left).hasSize(1);
				String survivor = left.getFirst().toString();
				Http.Response last = http().delete("/api/v1/admin/staff/" + survivor)
					.bearer(tokens.get(survivor))
					.send();
				assertThat(last.status()).isEqualTo(409);
				assertThat(last.code()).isEqualTo("last_admin");
				assertThat(last.json().path("detail").asString()).contains("last administrator");
			}
			finally {
				jdbc.sql("update users set role = 'admin' where id = any(cast(? as uuid[]))")
					.param(setAside.stream().map(UUID::toString).toArray(String[]::new))
					.update();
			}
		}
	}

	private List<Integer> race(List<String> ids, Map<String, String> tokens, int threads) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int i = 0; i < threads; i++) {
				String actor = ids.get(i % 2);
				String target = ids.get((i + 1) % 2);
				answers.add(pool.submit(() -> {
					start.await();
					return http().delete("/api/v1/admin/staff/" + target).bearer(tokens.get(actor)).send().status();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			return statuses;
		}
	}

	/**
	 * Invites a fresh e-mail and accepts the invitation; returns the new administrator's
	 * e-mail.
	 */
	private String newAdministrator(String admin) {
		String email = uniqueEmail();
		assertThat(invite(admin, email, "Staff Member").status()).isEqualTo(201);
		Http.Response accepted = accept(TestMailbox.awaitLatest(email, 1).token(), STAFF_PASSWORD, null);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return email;
	}

	private Http.Response invite(String admin, String email, String name) {
		return http().post("/api/v1/admin/staff/invites")
			.bearer(admin)
			.json(Map.of("email", email, "name", name))
			.send();
	}

	private Http.Response accept(String token, String password, String name) {
		Map<String, Object> body = new HashMap<>(Map.of("token", token, "password", password));
		if (name != null) {
			body.put("name", name);
		}
		return http().post("/api/v1/auth/accept-invite").json(body).send();
	}

	private static void assertInvalidToken(Http.Response answer) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		assertThat(fields(answer)).containsExactly("token");
	}

	private List<String> pendingInviteIds(String admin) {
		List<String> ids = new ArrayList<>();
		http().get("/api/v1/admin/staff/invites?limit=100")
			.bearer(admin)
			.send()
			.json()
			.path("items")
			.forEach(i -> ids.add(i.path("id").asString()));
		return ids;
	}

	private List<String> auditActions(String entityId) {
		return jdbc.sql("select action from audit_log where entity_id = ? order by id")
			.param(entityId)
			.query(String.class)
			.list();
	}

	private static JsonNode member(JsonNode page, String email) {
		for (JsonNode item : page.path("items")) {
			if (item.path("email").asString().equalsIgnoreCase(email)) {
				return item;
			}
		}
		throw new AssertionError(email + " is not in " + page);
	}

	private static Http.Request withToken(Http.Request request, String token) {
		return token == null ? request : request.bearer(token);
	}

}
