package io.bodega.shared.web.openapi;

import java.util.ArrayList;
import java.util.List;

import io.bodega.shared.web.Access;
import io.bodega.shared.web.Access.Level;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * How a caller proves who it is, in the document: the schemes, and each operation's
 * requirements as its controller declares them with {@link Access} (the same declaration
 * the security rules are derived from).
 */
final class ApiSecurity {

	static final String BEARER = "bearer";
	static final String COOKIE = "cookie";
	static final String ORDER_TOKEN = "orderToken";
	static final String ORDER_TOKEN_HEADER = "orderTokenHeader";

	private ApiSecurity() {
	}

	static void schemes(Components components) {
		components
			.addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("The token that POST /api/v1/auth/login answers: `Authorization: Bearer <token>`"))
			.addSecuritySchemes(COOKIE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.COOKIE)
				.name("bodega_session")
				.description("The session cookie that sign-in sets for browsers (`__Host-bodega_session` over https); "
						+ "a change must come from an allowed Origin"))
			.addSecuritySchemes(ORDER_TOKEN, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.QUERY)
				.name("token")
				.description(
						"Deprecated: a guest's order token (the `orderToken` of the order checkout answered) in the "
								+ "URL, which balancers and proxies log; send it in the Order-Token header instead"))
			.addSecuritySchemes(ORDER_TOKEN_HEADER, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.HEADER)
				.name("Order-Token")
				.description(
						"A guest's order token, the `orderToken` of the order checkout answered, in a header: kept "
								+ "out of URLs, which balancers and proxies log. Every route that takes the token takes it "
								+ "here; if ?token= is sent as well, the two must be the same (else 400 naming token)"));
	}

	/**
	 * The security requirements of an operation, from its controller's {@link Access}:
	 * any one of them admits the caller.
	 */
	static List<SecurityRequirement> requirements(Access access) {
		Level level = access.value();
		List<SecurityRequirement> any = new ArrayList<>();
		if (level == Level.PUBLIC) {
			return any;
		}
		if (level == Level.OPTIONAL_SESSION) {
			any.add(new SecurityRequirement());
		}
		any.add(new SecurityRequirement().addList(BEARER));
		any.add(new SecurityRequirement().addList(COOKIE));
		if (level == Level.OWNER_OR_ORDER_TOKEN) {
			// the header first: the query is deprecated, it puts the token in logs
			any.add(new SecurityRequirement().addList(ORDER_TOKEN_HEADER));
			if (access.tokenInQuery()) {
				any.add(new SecurityRequirement().addList(ORDER_TOKEN));
			}
		}
		return any;
	}

}
