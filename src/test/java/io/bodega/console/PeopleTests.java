package io.bodega.console;

import java.util.Map;

import io.bodega.testing.TestMailbox;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Customers and staff, as the console shows and changes them. */
class PeopleTests extends BrowserTest {

	@Test
	void findsACustomerSeesTheirSignInLockedByFailuresAndUnlocksIt() {
		String email = register("locked-" + uniqueWord() + "@example.com");
		var elsewhere = httpFrom("127.0.0.31");
		for (int i = 0; i < 10; i++) {
			elsewhere.post("/api/v1/auth/login").json(Map.of("email", email, "password", "wrong-password-" + i)).send();
		}
		assertThat(elsewhere.post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send()
			.status()).isEqualTo(429);

		openSignedIn("#/customers");
		field("E-mail or name").sendKeys(email);
		button("Find").click();
		link(email).click();
		heading("Test Shopper");
		assertThat(waitFor(By.cssSelector("[data-field=sign-in]")).getText())
			.startsWith("locked after 10 failed attempts");
		assertThat(browser.findElement(By.cssSelector("[data-field=verified]")).getText()).isEqualTo("no");
		waitForText("No orders yet.");
		screenshot("customer");

		button("Unlock sign-in…").click();
		button("Unlock").click();
		waitForText("Sign-in unlocked.");
		assertThat(browser.findElement(By.cssSelector("[data-field=sign-in]")).getText()).startsWith("open");
		assertThat(elsewhere.post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send()
			.status()).isEqualTo(200);
	}

	@Test
	void invitesAnAdministratorWhoJoinsThroughTheMailedLinkAndIsRemovedAgain() {
		String email = "staff-" + uniqueWord() + "@example.com";
		openSignedIn("#/staff");
		heading("Staff");
		field("E-mail of the new administrator").sendKeys(email);
		field("Their name").sendKeys("Nia Newcomer");
		button("Send invitation").click();
		waitForText("Invitation sent to " + email + ".");
		waitFor(By.xpath("//li[contains(., '" + email + "')]"));
		screenshot("staff");

		String link = TestMailbox.awaitLatest(email, 1).link();
		assertThat(link).contains("/admin/#/accept-invite?token=");
		button("Sign out").click();
		heading("Sign in to Bodega admin");
		browser.get("about:blank");
		browser.get(link.replaceFirst("^https?://[^/]+", "http://localhost:" + port));
		heading("Join the shop's staff");
		field("New password").sendKeys("Copper-Harbour-Juniper-Lantern-58");
		button("Create my account").click();
		heading("Welcome to the team");
		link("Sign in").click();
		signIn(email, "Copper-Harbour-Juniper-Lantern-58");
		heading("Today");
		button("Sign out").click();

		heading("Sign in to Bodega admin");
		signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
		heading("Today");
		link("Staff").click();
		button("Remove " + email).click();
		button("Remove").click();
		waitForText(email + " removed.");
		assertThat(http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", "Copper-Harbour-Juniper-Lantern-58"))
			.send()
			.status()).isEqualTo(401);
	}

	@Test
	void revokesAPendingInvitation() {
		String email = "revoked-" + uniqueWord() + "@example.com";
		openSignedIn("#/staff");
		field("E-mail of the new administrator").sendKeys(email);
		field("Their name").sendKeys("Rex Revoked");
		button("Send invitation").click();
		waitForText("Invitation sent to " + email + ".");
		String token = TestMailbox.awaitLatest(email, 1).token();

		button("Revoke the invitation of " + email).click();
		button("Revoke").click();
		waitForText("Invitation of " + email + " revoked.");
		var accepted = http().post("/api/v1/auth/accept-invite")
			.json(Map.of("token", token, "password", "Copper-Harbour-Juniper-Lantern-58"))
			.send();
		assertThat(accepted.status()).isEqualTo(400);
	}

	@Test
	void anInvitationForAnExistingAccountShowsTheServersRefusal() {
		String email = register(uniqueEmail());
		openSignedIn("#/staff");
		field("E-mail of the new administrator").sendKeys(email);
		field("Their name").sendKeys("Already Here");
		button("Send invitation").click();
		assertThat(alert().getText()).isNotBlank();
		assertThat(TestMailbox.to(email)).noneMatch(m -> m.body().contains("accept-invite"));
	}

}
