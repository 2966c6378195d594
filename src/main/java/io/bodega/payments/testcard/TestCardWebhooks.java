package io.bodega.payments.testcard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import io.bodega.payments.Payments;
import io.bodega.shared.DomainException;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.keys.SecretKeys;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.transaction.annotation.Transactional;

/**
 * The test gateway's webhook, checked as a real provider's would be:
 * {@code Bodega-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 of "t.body">} with the gateway's secret, at most 5 minutes old, and
 * each event id handled once. An event for a charge Bodega has not recorded yet (it can
 * overtake the commit of the charge's outcome) is answered 409 {@code unknown_charge} and
 * not recorded, so the provider sends it again.
 */
@RestController
@Access(Access.Level.PUBLIC)
@Conditional(TestPayments.class)
@Tag(name = "Payments")
class TestCardWebhooks {

	static final String SIGNATURE = "Bodega-Signature";
	static final long TOLERANCE_SECONDS = 300;

	static final class InvalidSignature extends DomainException {

		InvalidSignature(String detail) {
			super(Kind.INVALID, "invalid_signature", detail);
		}

	}

	/**
	 * An event as the gateway sends it (read from the raw bytes, which the signature
	 * covers).
	 */
	@Schema(name = "TestCardEvent")
	record Event(@Schema(example = "evt_5f8e2a4c3b1d") String id, @Schema(allowableValues = {
			"payment.succeeded", "payment.failed" }) String type,
			@Schema(example = "tc_9a7b1c2d3e4f", description = "The gateway's id of the charge") String reference,
			@Schema(format = "uuid", description = "Bodega's payment id, when the gateway knows it") String payment){
	}

	@Schema(name = "TestCardEventReceipt")
	record Receipt(boolean received,
			@Schema(description = "true when the event id was handled before") boolean duplicate) {
	}

	private final Payments payments;

	private final SecretKeys keys;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TestCardWebhooks(Payments payments, SecretKeys keys, JdbcClient jdbc, JsonMapper json) {
		this.payments = payments;
		this.keys = keys;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * One transaction: an event is recorded as handled only together with what it
	 * changed, so an event that could not be handled yet is handled when it comes again.
	 */
	@PostMapping("/api/v1/payments/webhooks/test_card")
	@Transactional
	@Operation(operationId = "receiveTestCardEvent", summary = "Receive a test_card gateway event",
			description = "Events of the test_card gateway (signed); a replayed event id is ignored; an event for a "
					+ "charge not recorded yet is 409 unknown_charge, to be sent again")
	// two types named RequestBody: Spring's binds the body, this one documents it
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Event.class)))
	@ApiResponse(responseCode = "200", description = "Handled, or a replay of an event already handled",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Receipt.class)))
	@ApiResponse(responseCode = "400", description = "invalid_signature: no valid signature, too old, or not an event",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "unknown_charge or payment_pending: send the event again later",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Receipt receive(@Parameter(required = true,
			description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" "
					+ "with the gateway's secret>") @RequestHeader(name = SIGNATURE, required = false) String signature,
			@RequestBody byte[] body) {
		verify(signature, body, Instant.now().getEpochSecond());
		JsonNode event;
		try {
			event = json.readTree(body);
		}
		catch (JacksonException e) {
			throw new InvalidSignature("The event is not JSON");
		}
		String id = event.path("id").asString("");
		String type = event.path("type").asString("");
		String reference = event.path("reference").asString("");
		UUID payment = Ids.parseOrNull(event.path("payment").asString(""));
		if (id.isEmpty() || reference.isEmpty()
				|| !(type.equals("payment.succeeded") || type.equals("payment.failed"))) {
			throw new InvalidSignature("The event lacks id, reference or a known type");
		}
		boolean first = jdbc
			.sql("insert into payment_webhook_events (provider, event_id) values ('test_card', ?) "
					+ "on conflict do nothing")
			.param(id)
			.update() == 1;
		if (first) {
			payments.complete("test_card", reference, payment, type.equals("payment.succeeded"));
		}
		return new Receipt(true, !first);
	}

	void verify(String header, byte[] body, long now) {
		if (header == null) {
			throw new InvalidSignature("Missing " + SIGNATURE + " header");
		}
		String timestamp = null;
		String given = null;
		for (String part : header.split(",")) {
			String[] pair = part.strip().split("=", 2);
			if (pair.length == 2 && pair[0].equals("t")) {
				timestamp = pair[1];
			}
			else if (pair.length == 2 && pair[0].equals("v1")) {
				given = pair[1];
			}
		}
		if (timestamp == null || given == null || !timestamp.matches("[0-9]{1,12}")) {
			throw new InvalidSignature("Malformed " + SIGNATURE + " header");
		}
		if (Math.abs(now - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
			throw new InvalidSignature("The event is older than 5 minutes (or from the future)");
		}
		byte[] expected = sign(keys.key(TestCardProvider.SIGNING_KEY), timestamp, body);
		if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
			throw new InvalidSignature("The signature does not match");
		}
	}

	/** The hex signature of {@code timestamp.body}. */
	static byte[] sign(byte[] secret, String timestamp, byte[] body) {
		byte[] mac = Hashes.hmacSha256(secret, (timestamp + ".").getBytes(StandardCharsets.US_ASCII), body);
		return HexFormat.of().formatHex(mac).getBytes(StandardCharsets.US_ASCII);
	}

}
