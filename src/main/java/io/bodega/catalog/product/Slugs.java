package io.bodega.catalog.product;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URL names for products and categories: lower-case ASCII words joined by hyphens, made
 * from a title when not given.
 */
public final class Slugs {

	public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");

	private Slugs() {
	}

	public static String of(String text, int maxLength) {
		String ascii = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
		String slug = NON_WORD.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
		if (slug.length() > maxLength) {
			slug = slug.substring(0, maxLength).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? "item" : slug;
	}

	/**
	 * A human name for a category created from its slug: "running-shoes" becomes "Running
	 * shoes".
	 */
	public static String toName(String slug) {
		String words = slug.replace('-', ' ');
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
	}

}
