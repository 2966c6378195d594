package io.bodega.accounts.staff;

import java.util.Optional;

import io.bodega.testing.ApiTest;
import io.bodega.testing.LogCapture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class ReadyNoticeTests extends ApiTest {

	@Autowired
	ReadyNotice notice;

	@Test
	void theReadyLineNamesTheConsoleOnTheServersRealPortAndTheSettingNotTheAdministratorsAddress() {
		try (LogCapture log = LogCapture.everything()) {
			notice.announce();

			assertThat(log.events()).filteredOn(line -> line.startsWith(ReadyNotice.class.getName()))
				.singleElement()
				.satisfies(line -> assertThat(line).contains("http://localhost:" + port + "/admin/")
					.contains("sign in as the administrator of BODEGA_ADMIN_EMAIL")
					.doesNotContain(ADMIN_EMAIL));
		}
	}

	@Test
	void aDevelopmentShopsLineSaysWhichFileHoldsThePassword() {
		DevelopmentAdmin.Hint hint = new DevelopmentAdmin.Hint(DevelopmentAdmin.EMAIL,
				"/srv/bodega/data/admin-password");

		String line = ReadyNotice.line(8080, "", Optional.of(hint));

		assertThat(line).contains("http://localhost:8080/admin/")
			.contains("sign in as " + DevelopmentAdmin.EMAIL + " with the password in /srv/bodega/data/admin-password");
	}

	@Test
	void withoutAHintTheLineStillNamesTheConsole() {
		assertThat(ReadyNotice.line(9090, null, Optional.empty())).contains("http://localhost:9090/admin/")
			.contains("sign in with an administrator's e-mail and password");
	}

}
