package io.bodega.ordering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.bodega.shared.ValidationFailed;
import org.jspecify.annotations.Nullable;

/**
 * How a guest's order token arrives on every route that takes it (reading, cancelling and
 * paying an order, its payments, its live stream and stream tickets): in the
 * {@value #HEADER} header, which no balancer or proxy logs, or, discouraged, as
 * {@code ?token=} in the URL, which they do. The one place that reads the two, so every
 * route answers alike.
 */
public final class GuestOrderToken {

	/** The header the token should come in. */
	public static final String HEADER = "Order-Token";

	/** The header's meaning, for the API document. */
	public static final String HEADER_MEANING = "The order's token (orderToken), for a guest's order: in this header "
			+ "it stays out of the URL, which balancers and proxies log";

	/** The query parameter's meaning, for the API document. */
	public static final String QUERY_MEANING = "Deprecated: the order's token in the URL, which balancers and proxies "
			+ "log; send it in the Order-Token header instead. When both are sent they must be the same";

	private GuestOrderToken() {
	}

	/**
	 * The token the caller sent, from the header or the query; null when neither. Both at
	 * once must agree: two different tokens are a 400 naming {@code token} rather than a
	 * silent choice between them, which would leave the caller unsure which one was
	 * checked.
	 */
	public static @Nullable String of(@Nullable String header, @Nullable String query) {
		if (header != null && query != null && !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
				query.getBytes(StandardCharsets.UTF_8))) {
			throw new ValidationFailed("token",
					"differs from the Order-Token header; send the token once, in the " + "header");
		}
		return header != null ? header : query;
	}

}
