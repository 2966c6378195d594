package io.bodega.webhooks.endpoints;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;
import io.bodega.webhooks.endpoints.WebhookViews.Endpoint;
import io.bodega.webhooks.endpoints.WebhookViews.RotatedSecret;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rotating an endpoint's signing secret: a new one, shown once, while the one it replaces
 * keeps signing beside it for {@link #OVERLAP}, so the receiver can switch without losing
 * a message.
 */
@Service
class SecretRotation {

	static final Duration OVERLAP = Duration.ofHours(24);

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	private final EndpointReader reader;

	private final AuditLog audit;

	SecretRotation(JdbcClient jdbc, SecretBox secrets, EndpointReader reader, AuditLog audit) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.reader = reader;
		this.audit = audit;
	}

	/**
	 * A new secret. Refused while an earlier rotation's overlap lasts: it would end the
	 * overlap early and drop the secret the receiver may still use.
	 */
	@Transactional
	RotatedSecret rotate(UUID id, CurrentUser actor) {
		Endpoint before = reader.lock(id);
		if (before.previousSecretExpiresAt() != null) {
			throw new InvalidEndpointState("The secret was rotated less than 24 hours ago: the previous secret signs "
					+ "until " + before.previousSecretExpiresAt().truncatedTo(ChronoUnit.SECONDS)
					+ "; rotate again after that");
		}
		String secret = SecretBox.newSecret();
		Instant until = jdbc.sql("""
				update webhook_endpoints set previous_secret = secret, secret = :secret,
				  previous_secret_until = now() + make_interval(secs => :overlap), updated_at = now()
				where id = :id returning previous_secret_until""")
			.param("secret", secrets.seal(id, secret))
			.param("overlap", OVERLAP.toSeconds())
			.param("id", id)
			.query(Timestamp.class)
			.single()
			.toInstant();
		audit.record(actor, "webhook.rotate-secret", "webhook", id.toString(), before, reader.find(id));
		return new RotatedSecret(secret, until);
	}

}
