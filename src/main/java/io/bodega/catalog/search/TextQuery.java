package io.bodega.catalog.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a shopper typed, as a full-text query: words of letters and digits (at most 8),
 * all required, the last one a prefix so results appear while typing. The finished words
 * are stemmed (English); the last one is matched both stemmed and as typed, because the
 * stem of a half-typed word is often not a prefix of the whole word's stem ("zqxyzaby"
 * stems to "zqxyzabi"). Anything else in the input is ignored, so no input is a syntax
 * error.
 */
record TextQuery(String head, String last) {

	static final String SQL = "(to_tsquery('english', :tsq_head) && (to_tsquery('english', :tsq_last) "
			+ "|| to_tsquery('simple', :tsq_last)))";

	static TextQuery of(String q) {
		List<String> words = new ArrayList<>();
		for (String word : q.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty() && words.size() < 8) {
				words.add(word.length() > 50 ? word.substring(0, 50) : word);
			}
		}
		if (words.isEmpty()) {
			return null;
		}
		return new TextQuery(String.join(" & ", words.subList(0, words.size() - 1)), words.getLast() + ":*");
	}
}
