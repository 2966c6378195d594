package io.bodega.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class SignInTests extends BrowserTest {

	@Test
	void anAdminSignsInSeesTodayAndSignsOut() {
		open("");
		heading("Sign in to Bodega admin");
		screenshot("sign-in");
		signIn(ADMIN_EMAIL, ADMIN_PASSWORD);

		heading("Today");
		assertThat(browser.findElement(By.cssSelector("header.top")).getText()).contains(ADMIN_EMAIL);
		assertThat(browser.findElement(By.cssSelector("nav[aria-label=Main] a[aria-current=page]")).getText())
			.isEqualTo("Home");

		button("Sign out").click();
		heading("Sign in to Bodega admin");
		// The session is gone on the server too: reloading asks to sign in again.
		browser.navigate().refresh();
		heading("Sign in to Bodega admin");
	}

	@Test
	void aWrongPasswordIsRefusedWithTheServersMessage() {
		open("");
		signIn(ADMIN_EMAIL, "not-the-password-at-all");
		assertThat(alert().getText()).contains("The e-mail or password is not correct");
		heading("Sign in to Bodega admin");
	}

	@Test
	void aCustomerIsToldPolitelyThatTheConsoleIsForStaff() {
		String email = register(uniqueEmail());
		open("");
		signIn(email, GOOD_PASSWORD);
		heading("Staff only");
		waitForText("is for the shop's staff");
		button("Sign out").click();
		heading("Sign in to Bodega admin");
	}

	@Test
	void anEndedSessionAsksToSignInAgainAndKeepsThePage() {
		openSignedIn("#/orders?status=paid");
		heading("Orders");
		field("Order number or e-mail").sendKeys("kept while signed out");

		// The server ends the session, as it does when an admin stays idle past
		// BODEGA_SESSION_ADMIN_IDLE.
		jdbc.sql("delete from user_sessions where user_id = (select id from users where lower(email) = lower(?))")
			.param(ADMIN_EMAIL)
			.update();
		button("Find").click();

		heading("Your session has ended");
		field("Password").sendKeys(ADMIN_PASSWORD);
		button("Sign in").click();

		new WebDriverWait(browser, WAIT)
			.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".overlay")));
		heading("Orders");
		assertThat(field("Order number or e-mail").getDomProperty("value")).isEqualTo("kept while signed out");
	}

	@Test
	void theConsoleIsServedWithAStrictContentSecurityPolicy() {
		var answer = http().get("/admin/").send();
		assertThat(answer.status()).isEqualTo(200);
		String policy = answer.header("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self' 'sha256-")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
		assertThat(policy).contains("frame-ancestors 'none'").contains("require-trusted-types-for 'script'");
		// The same page under an encoded path carries the same policy.
		var encoded = http().get("/%61dmin/").send();
		assertThat(encoded.status()).isEqualTo(200);
		assertThat(encoded.header("Content-Security-Policy")).hasValue(policy);
		assertThat(http().get("/admin/app.js").send().header("Content-Security-Policy")).hasValue(policy);
		assertThat(http().get("/admin").send().header("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/admin/"));
	}

}
