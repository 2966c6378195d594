package io.bodega.accounts.users;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the accounts module; {@code application.yaml} maps each to its
 * {@code BODEGA_*} variable.
 *
 * @param customerIdle a customer's session ends after this long without a request
 * @param customerAbsolute ... and after this long in any case
 * @param adminIdle an admin's session idle limit
 * @param adminAbsolute an admin's session absolute limit
 * @param loginAccountLimit failed sign-ins for one e-mail within the window before 429
 * @param loginAddressLimit failed sign-ins from one client address within the window
 * before 429
 * @param loginWindow the window those failures are counted in
 * @param publicUrl where the shop's frontend lives; links in mails point there
 * @param corsOrigins origins whose browsers may call the API (empty: none but the
 * server's own)
 * @param adminEmail the first administrator's e-mail
 * @param adminPassword the first administrator's password
 * @param registerAddressLimit sign-ups from one client address within the window before
 * 429 (0: no limit)
 * @param registerLimit sign-ups from all addresses together within the window before 429
 * (0: no limit)
 * @param registerWindow the window sign-ups are counted in
 */
@ConfigurationProperties("bodega.accounts")
public record AccountsProperties(Duration customerIdle, Duration customerAbsolute, Duration adminIdle,
		Duration adminAbsolute, int loginAccountLimit, int loginAddressLimit, Duration loginWindow, String publicUrl,
		List<String> corsOrigins, String adminEmail, String adminPassword, int registerAddressLimit, int registerLimit,
		Duration registerWindow) {

	public AccountsProperties {
		corsOrigins = corsOrigins == null ? List.of()
				: corsOrigins.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
		publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
	}

	public Duration idleTimeout(Role role) {
		return role == Role.ADMIN ? adminIdle : customerIdle;
	}

	public Duration absoluteTimeout(Role role) {
		return role == Role.ADMIN ? adminAbsolute : customerAbsolute;
	}
}
