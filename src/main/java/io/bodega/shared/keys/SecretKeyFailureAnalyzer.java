package io.bodega.shared.keys;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says in two lines, instead of a stack trace, why Bodega did not start without its
 * secret and what to do.
 */
class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretKey> {

	@Override
	protected FailureAnalysis analyze(Throwable root, MissingSecretKey cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set BODEGA_SECRET_KEY to a random value: " + SecretKeys.HOW_TO_MAKE_ONE + ".", cause);
	}

}
