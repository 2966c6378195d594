package io.bodega.accounts;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.users.Users;

import org.springframework.stereotype.Service;

/**
 * The accounts facade: what other modules ask of accounts. Signing up and in, passwords
 * and e-mail verification are the module's own business, served by its controllers
 * ({@code accounts.sessions}, {@code accounts.registration}, {@code accounts.staff});
 * other modules hear of them through {@link CustomerRegistered} and {@link UserSignedIn}.
 */
@Service
public class Accounts {

	private final Users users;

	private final Sessions sessions;

	Accounts(Users users, Sessions sessions) {
		this.users = users;
		this.sessions = sessions;
	}

	/**
	 * The e-mail address of every administrator: for mail about the shop's own operation,
	 * such as a failing webhook.
	 */
	public List<String> administratorEmails() {
		return users.administratorEmails();
	}

	/**
	 * Which of these sessions are still live (not ended, expired or idle past their
	 * limit), in one query and without counting as their activity: a long-lived
	 * connection such as a live event stream asks this every few seconds and must neither
	 * keep its session alive nor outlive it.
	 */
	public Set<UUID> liveSessions(Collection<UUID> sessionIds) {
		return sessions.stillLive(sessionIds);
	}

}
