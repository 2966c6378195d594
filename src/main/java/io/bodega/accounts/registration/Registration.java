package io.bodega.accounts.registration;

import java.time.Duration;

import io.bodega.accounts.CustomerRegistered;
import io.bodega.accounts.users.Account;
import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.EmailTaken;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.shared.Ids;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.Admission;
import io.bodega.shared.web.ClientAddress;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers sign up. Anyone may ask for any number of sign-ups, so they are bounded three
 * ways: at most {@value #REGISTRATIONS_AT_ONCE} at once on a node (the rest wait their
 * turn, then 429), so a flood holds no more database connections than that; per client
 * address, counted before any password work, so every attempt counts (the work it would
 * cost is what the limit protects); and in all, counting only the sign-ups that happen,
 * so nobody can use up the shop's allowance with attempts that fail.
 */
@Service
public class Registration {

	/**
	 * Sign-ups running at once on a node: each holds a database connection at times, and
	 * they arrive at will.
	 */
	static final int REGISTRATIONS_AT_ONCE = 2;

	private final Users users;

	private final PasswordHashing passwords;

	private final EmailVerification verification;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	private final RateLimits rateLimits;

	private final RateLimits.Limit perAddress;

	private final RateLimits.Limit inAll;

	private final Admission admission = new Admission(REGISTRATIONS_AT_ONCE, Duration.ofSeconds(5),
			"Too many sign-ups at once on this server");

	Registration(Users users, PasswordHashing passwords, EmailVerification verification, TransactionTemplate tx,
			ApplicationEventPublisher events, RateLimits rateLimits, AccountsProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.verification = verification;
		this.tx = tx;
		this.events = events;
		this.rateLimits = rateLimits;
		this.perAddress = new RateLimits.Limit("registration-address", properties.registerAddressLimit(),
				properties.registerWindow(), "Too many sign-ups from your address; try again later");
		this.inAll = new RateLimits.Limit("registration", properties.registerLimit(), properties.registerWindow(),
				"Too many sign-ups at the moment; try again later");
	}

	/** Creates a customer account and mails a verification link. */
	public Account register(String email, String password, String name, String clientAddress) {
		return admission.run(() -> {
			String cleanEmail = email.strip();
			String cleanName = name.strip();
			tx.executeWithoutResult(status -> rateLimits
				.claim(new RateLimits.Claim(perAddress, ClientAddress.key(clientAddress), null)));
			passwords.forRegistration().check("password", password, cleanEmail, cleanName);
			String hash = passwords.forRegistration().encode(password);
			Account account = tx.execute(status -> {
				rateLimits.claim(new RateLimits.Claim(inAll, "all", null));
				// A taken e-mail is no error for the database either, so its server log
				// never records the address.
				User user = users.insert(Ids.newId(), cleanEmail, cleanName, hash, Role.CUSTOMER, false)
					.orElseThrow(() -> {
						SecurityLog.registrationRefused("email_taken", clientAddress);
						return new EmailTaken();
					});
				verification.send(user);
				events.publishEvent(new CustomerRegistered(user.id(), user.email()));
				return Account.of(user);
			});
			SecurityLog.registered(account.id(), clientAddress);
			return account;
		});
	}

	/** Sign-ups waiting for their turn on this node now. */
	int waiting() {
		return admission.waiting();
	}

}
