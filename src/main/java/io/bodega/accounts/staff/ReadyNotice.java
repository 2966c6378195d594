package io.bodega.accounts.staff;

import java.util.Optional;

import io.bodega.accounts.users.AccountsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One line at start-up, once the server takes requests, that tells whoever started it
 * where the admin console is (this server's own address and real port) and how to sign
 * in: as the administrator of {@code BODEGA_ADMIN_EMAIL} (named by the setting, never by
 * its value), or as the development administrator with the file its password is in. A
 * newcomer's {@code ./mvnw spring-boot:run} ends with it, so nobody has to search the log
 * or the README for either.
 */
@Component
class ReadyNotice {

	private static final Logger log = LoggerFactory.getLogger(ReadyNotice.class);

	private final DevelopmentAdmin developmentAdmin;

	private final AccountsProperties properties;

	private volatile int port = -1;

	ReadyNotice(DevelopmentAdmin developmentAdmin, AccountsProperties properties) {
		this.developmentAdmin = developmentAdmin;
		this.properties = properties;
	}

	/**
	 * The main server's port (a separate management server has a namespace of its own).
	 */
	@EventListener
	void serverStarted(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	/** After the start-up runners, so the development administrator exists by now. */
	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		if (port > 0) {
			log.info(line(port, properties.adminEmail(), developmentAdmin.hint()));
		}
	}

	static String line(int port, String adminEmail, Optional<DevelopmentAdmin.Hint> developmentAdmin) {
		String console = "Bodega is ready: the admin console is at http://localhost:" + port + "/admin/";
		if (adminEmail != null && !adminEmail.isBlank()) {
			// The address itself stays out: this line is logged at every start,
			// production's too, and an
			// administrator's login name has no business in central logs.
			return console + "; sign in as the administrator of BODEGA_ADMIN_EMAIL with BODEGA_ADMIN_PASSWORD";
		}
		return developmentAdmin
			.map(hint -> console + "; sign in as " + hint.email() + " with the password in " + hint.passwordFile())
			.orElse(console + "; sign in with an administrator's e-mail and password");
	}

}
