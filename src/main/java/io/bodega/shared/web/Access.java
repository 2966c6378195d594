package io.bodega.shared.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a route: the one statement of it, on each controller class and on a method
 * where it differs. Spring Security's rules ({@link AccessRules}, applied by accounts'
 * security configuration) and the OpenAPI document's security requirements are both
 * derived from it, so the two cannot drift apart; a controller that declares nothing
 * stops the start-up instead of being public by omission.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Access {

	Level value();

	/**
	 * For {@link Level#OWNER_OR_ORDER_TOKEN}: whether the route also takes the token in
	 * the query ({@code ?token=}, deprecated); false for a route that never took it
	 * there.
	 */
	boolean tokenInQuery() default true;

	/**
	 * The kinds of caller a route admits. Only {@link #CUSTOMER} and {@link #ADMIN} are
	 * enforced before the controller runs; the others are open at the door and decided by
	 * the controller (an order's owner or token), as they depend on the resource.
	 */
	enum Level {

		/** Anyone, signed in or not. */
		PUBLIC,
		/** Anyone; a session, when sent, makes it the caller's (a cart, a checkout). */
		OPTIONAL_SESSION,
		/** A signed-in user. */
		CUSTOMER,
		/** The order's signed-in owner, or a guest with the order's token. */
		OWNER_OR_ORDER_TOKEN,
		/** A signed-in user with the admin role. */
		ADMIN;

		/**
		 * Where every admin route lives: the whole area is admin-only, mapped or not, so
		 * a path no controller answers there is 401 or 403 rather than a 404 that would
		 * tell an anonymous caller which admin paths exist.
		 */
		public static final String ADMIN_AREA = "/api/v1/admin/";

		/** Whether the route needs a signed-in caller before its controller runs. */
		public boolean signedIn() {
			return this == CUSTOMER || this == ADMIN;
		}

	}

}
