package io.bodega.shared.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.bodega.shared.Hashes;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.keys.SecretKeys;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Opaque, tamper-evident list cursors: the position of the last item (plus the list's
 * kind, so a cursor from one list or sort order is not accepted by another), as base64url
 * JSON with an HMAC-SHA256 tag. A forged, truncated or foreign cursor is a 400 naming
 * {@code cursor}.
 */
@Component
public class Cursors {

	private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

	private static final int TAG_BYTES = 16;

	private final SecretKeys keys;

	private final JsonMapper json;

	Cursors(SecretKeys keys, JsonMapper json) {
		this.keys = keys;
		this.json = json;
	}

	public String encode(String kind, List<String> position) {
		byte[] payload = json.writeValueAsBytes(prepend(kind, position));
		return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(tag(payload));
	}

	/**
	 * The position a cursor carries, after checking it was made by Bodega for this kind
	 * of list.
	 */
	public List<String> decode(String kind, String cursor) {
		int dot = cursor.indexOf('.');
		if (dot <= 0 || cursor.length() > 2048) {
			throw invalid();
		}
		try {
			byte[] payload = DECODE.decode(cursor.substring(0, dot));
			byte[] tag = DECODE.decode(cursor.substring(dot + 1));
			if (!MessageDigest.isEqual(tag, tag(payload))) {
				throw invalid();
			}
			List<String> values = json.readValue(payload, new TypeReference<List<String>>() {
			});
			if (values.isEmpty() || !kind.equals(values.getFirst())) {
				throw invalid();
			}
			return values.subList(1, values.size());
		}
		catch (IllegalArgumentException | JacksonException e) {
			throw invalid();
		}
	}

	private static List<String> prepend(String kind, List<String> position) {
		String[] values = new String[position.size() + 1];
		values[0] = kind;
		for (int i = 0; i < position.size(); i++) {
			values[i + 1] = position.get(i);
		}
		return Arrays.asList(values);
	}

	private byte[] tag(byte[] payload) {
		byte[] mac = Hashes.hmacSha256(keys.key("cursor-signing"), "bodega-cursor-v1".getBytes(StandardCharsets.UTF_8),
				payload);
		return Arrays.copyOf(mac, TAG_BYTES);
	}

	private static ValidationFailed invalid() {
		return new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
	}

}
