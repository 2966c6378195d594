package io.bodega.accounts.users;

import java.util.ArrayList;
import java.util.List;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.bodega.shared.ValidationFailed;

import org.springframework.stereotype.Component;

/**
 * What a new password must be: 12 to 256 characters (the limit is checked before any
 * hashing, so a huge password is never a slow hash) and not easy to guess, as judged by
 * zxcvbn with the user's own e-mail and name as known words. zxcvbn's work grows quickly
 * with length, so it judges the first 100 characters only: a password whose first 100
 * characters are hard to guess is hard to guess. Call it through {@link PasswordHashing},
 * which bounds that work.
 */
@Component
public class PasswordPolicy {

	public static final int MIN_LENGTH = 12;

	public static final int MAX_LENGTH = 256;

	private static final int MIN_SCORE = 3;

	private static final int MEASURED_LENGTH = 100;

	private final Zxcvbn zxcvbn = new Zxcvbn();

	/**
	 * Throws {@link ValidationFailed} naming {@code field} when the password is not
	 * acceptable.
	 */
	void check(String field, String password, String... personalWords) {
		if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
			throw new ValidationFailed(field, "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
		}
		List<String> words = new ArrayList<>();
		for (String word : personalWords) {
			if (word != null) {
				words.add(word);
				words.addAll(List.of(word.split("[@.\\s_+-]+")));
			}
		}
		String measured = password.length() > MEASURED_LENGTH ? password.substring(0, MEASURED_LENGTH) : password;
		Strength strength = zxcvbn.measure(measured, words);
		if (strength.getScore() < MIN_SCORE) {
			String warning = strength.getFeedback().getWarning();
			throw new ValidationFailed(field,
					"is too easy to guess" + (warning == null || warning.isBlank() ? "" : ": " + warning)
							+ "; use a longer phrase of uncommon words");
		}
	}

}
