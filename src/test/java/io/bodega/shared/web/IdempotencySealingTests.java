package io.bodega.shared.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencySealingTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ANSWER = "{\"orderToken\":\"secret-token\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void aSealedAnswerOpensOnlyForItsOwnRecordAndSecret() {
		byte[] sealed = AnswerSeal.seal(SECRET, ANSWER, "guest:abc\nkey-1");

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
		assertThat(AnswerSeal.open(SECRET, sealed, "guest:abc\nkey-1")).isEqualTo(ANSWER);
		assertThatThrownBy(() -> AnswerSeal.open(SECRET, sealed, "guest:abc\nkey-2")).as("moved to another record")
			.isInstanceOf(IllegalStateException.class);
		byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
		assertThatThrownBy(() -> AnswerSeal.open(other, sealed, "guest:abc\nkey-1"))
			.isInstanceOf(IllegalStateException.class);
		sealed[sealed.length - 1] ^= 1;
		assertThatThrownBy(() -> AnswerSeal.open(SECRET, sealed, "guest:abc\nkey-1")).as("altered")
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void anAnswerKeptBeforeSealingIsAnsweredAsItIs() {
		assertThat(AnswerSeal.open(SECRET, ANSWER, "guest:abc\nkey-1")).isEqualTo(ANSWER);
	}

}
