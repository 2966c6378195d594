package io.bodega.accounts;

import io.bodega.accounts.sessions.LoginThrottle;
import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.staff.StaffInvites;
import io.bodega.accounts.users.OneTimeTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes what has expired. Plain idempotent deletes, so every node may run it at the
 * same time.
 */
@Component
class AccountsMaintenance {

	private static final Logger log = LoggerFactory.getLogger(AccountsMaintenance.class);

	private final Sessions sessions;

	private final LoginThrottle throttle;

	private final OneTimeTokens tokens;

	private final StaffInvites invites;

	AccountsMaintenance(Sessions sessions, LoginThrottle throttle, OneTimeTokens tokens, StaffInvites invites) {
		this.sessions = sessions;
		this.throttle = throttle;
		this.tokens = tokens;
		this.invites = invites;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void purge() {
		int removed = sessions.purgeExpired() + throttle.purgeOld() + tokens.purgeOld() + invites.purgeExpired();
		if (removed > 0) {
			log.info(
					"Purged {} expired sessions, sign-in attempts, known sign-in addresses, tokens and staff invitations",
					removed);
		}
	}

}
