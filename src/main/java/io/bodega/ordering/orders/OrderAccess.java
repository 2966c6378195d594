package io.bodega.ordering.orders;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.Hashes;
import io.bodega.shared.NotFound;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may follow an order: its owner, or whoever holds its token (a guest). Anyone else
 * is told the order does not exist (404), so that order ids cannot be probed.
 */
@Component
public class OrderAccess {

	private final JdbcClient jdbc;

	OrderAccess(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Answers whether the caller is the order's owner (else they hold its token); 404 for
	 * anyone else.
	 */
	public boolean require(UUID id, CurrentUser caller, String token) {
		record Access(UUID userId, byte[] tokenHash) {
		}
		Optional<Access> access = id == null ? Optional.empty()
				: jdbc.sql("select user_id, token_hash from orders where id = ?")
					.param(id)
					.query((rs, n) -> new Access(rs.getObject(1, UUID.class), rs.getBytes(2)))
					.optional();
		boolean owner = access.isPresent() && caller != null && caller.id().equals(access.get().userId());
		boolean holder = access.isPresent() && token != null && token.length() <= 64
				&& MessageDigest.isEqual(Hashes.sha256(token), access.get().tokenHash());
		if (!owner && !holder) {
			throw new NotFound("The order");
		}
		return owner;
	}

}
