package io.bodega.accounts;

import java.util.UUID;

import io.bodega.accounts.registration.Registration;
import io.bodega.audit.AuditLog;
import io.bodega.notifications.Mailer;
import io.bodega.testing.ApiTestBase;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

/**
 * The accounts module on its own (with {@code shared}; the audit log and the mailer are
 * mocks): a sign-up is announced as {@link CustomerRegistered}, which the event log
 * follows, and asks for the mail that verifies the address.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class AccountsModuleTests extends ModuleTest {

	@MockitoBean
	AuditLog audit;

	@MockitoBean
	Mailer mailer;

	@Autowired
	Registration registration;

	@Test
	void aSignUpIsAnnouncedAndSendsTheVerificationMail(Scenario scenario) {
		String email = "module-" + UUID.randomUUID() + "@example.com";

		scenario
			.stimulate(() -> registration.register(email, ApiTestBase.GOOD_PASSWORD, "Module Shopper", "198.51.100.90"))
			.andWaitForEventOfType(CustomerRegistered.class)
			.matching(registered -> registered.email().equals(email))
			.toArriveAndVerify((registered, account) -> {
				assertThat(registered.id()).isEqualTo(account.id());
				assertThat(account.emailVerified()).isFalse();
			});
		verify(mailer).send(eq(email), anyString(), anyString());
	}

}
