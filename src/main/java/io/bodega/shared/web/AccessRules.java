package io.bodega.shared.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bodega.shared.web.Access.Level;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes that need a signed-in caller, derived once at start-up from the controllers'
 * {@link Access} declarations, for the security configuration to turn into request
 * matchers (no handler lookup per request). Everything not listed is open at the door. A
 * controller of Bodega's without a declaration, or an admin route outside
 * {@link Level#ADMIN_AREA} (or an open one inside it), stops the start-up.
 */
public final class AccessRules {

	/**
	 * Requests of these patterns (of this method only, when one is named) need a caller
	 * of this level.
	 */
	public record Rule(Level level, @Nullable HttpMethod method, List<String> patterns) {
	}

	private static final String BODEGA = "io.bodega.";

	private final List<Rule> guarded;

	private AccessRules(List<Rule> guarded) {
		this.guarded = List.copyOf(guarded);
	}

	/** The guarded routes, the admin area first; the order is the order of matching. */
	public List<Rule> guarded() {
		return guarded;
	}

	/** The declaration that governs a controller method: its own, else its class's. */
	public static Access declared(HandlerMethod handler) {
		Access own = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Access.class);
		if (own != null) {
			return own;
		}
		Access type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Access.class);
		if (type == null) {
			throw new IllegalStateException(
					handler.getBeanType().getName() + " declares no @Access: say who may call it (on the class, or on "
							+ handler.getMethod().getName() + ")");
		}
		return type;
	}

	public static AccessRules of(RequestMappingHandlerMapping mapping) {
		List<Route> routes = new ArrayList<>();
		mapping.getHandlerMethods().forEach((info, handler) -> {
			if (ClassUtils.getUserClass(handler.getBeanType()).getName().startsWith(BODEGA)) {
				routes.add(new Route(declared(handler).value(), info, handler));
			}
		});
		routes.forEach(AccessRules::checkArea);
		List<Rule> guarded = new ArrayList<>();
		guarded.add(new Rule(Level.ADMIN, null, List.of(Level.ADMIN_AREA + "**")));
		guarded.addAll(basePaths(routes));
		guarded.addAll(patterns(routes));
		return new AccessRules(guarded);
	}

	private record Route(Level level, RequestMappingInfo info, HandlerMethod handler) {

		Set<String> patterns() {
			return info.getPatternValues();
		}

		Set<RequestMethod> methods() {
			return info.getMethodsCondition().getMethods();
		}

	}

	private static void checkArea(Route route) {
		for (String pattern : route.patterns()) {
			boolean inArea = pattern.startsWith(Level.ADMIN_AREA) || pattern.equals(Level.ADMIN_AREA + "**");
			if (inArea != (route.level() == Level.ADMIN)) {
				throw new IllegalStateException(route.handler() + " maps " + pattern + " as " + route.level()
						+ ": admin routes live under " + Level.ADMIN_AREA + " and only they do");
			}
		}
	}

	/**
	 * A signed-in controller's whole base path, mapped or not (as for the admin area):
	 * {@code /api/v1/me} and everything under it. Only where none of its methods is more
	 * open than the class.
	 */
	private static List<Rule> basePaths(List<Route> routes) {
		Map<Class<?>, List<Route>> byController = new LinkedHashMap<>();
		routes.forEach(route -> byController.computeIfAbsent(route.handler().getBeanType(), c -> new ArrayList<>())
			.add(route));
		List<Rule> rules = new ArrayList<>();
		byController.forEach((type, own) -> {
			Access declared = AnnotatedElementUtils.findMergedAnnotation(type, Access.class);
			RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
			if (declared == null || !declared.value().signedIn() || declared.value() == Level.ADMIN || mapping == null
					|| mapping.path().length == 0
					|| own.stream().anyMatch(route -> route.level() != declared.value())) {
				return;
			}
			List<String> patterns = new ArrayList<>();
			for (String base : mapping.path()) {
				patterns.add(base);
				patterns.add(base + "/**");
			}
			rules.add(new Rule(declared.value(), null, patterns));
		});
		return rules;
	}

	/**
	 * Each signed-in route's patterns: for any method when every route of the pattern
	 * asks the same, else for its own methods only (GET with HEAD, which Spring MVC
	 * answers with the GET route).
	 */
	private static List<Rule> patterns(List<Route> routes) {
		Map<String, Set<Level>> levels = new LinkedHashMap<>();
		routes.forEach(route -> route.patterns()
			.forEach(pattern -> levels.computeIfAbsent(pattern, p -> new LinkedHashSet<>()).add(route.level())));
		List<Rule> rules = new ArrayList<>();
		for (Route route : routes) {
			if (!route.level().signedIn() || route.level() == Level.ADMIN) {
				continue;
			}
			for (String pattern : route.patterns()) {
				if (levels.get(pattern).size() == 1 && !rules.contains(anyMethod(route.level(), pattern))) {
					rules.add(anyMethod(route.level(), pattern));
				}
				else if (levels.get(pattern).size() > 1 && route.methods().isEmpty()) {
					// a route of every method sharing its pattern with others: guarded
					// whole
					rules.add(anyMethod(route.level(), pattern));
				}
				else if (levels.get(pattern).size() > 1) {
					for (RequestMethod method : route.methods()) {
						rules.add(new Rule(route.level(), method.asHttpMethod(), List.of(pattern)));
						if (method == RequestMethod.GET) {
							rules.add(new Rule(route.level(), HttpMethod.HEAD, List.of(pattern)));
						}
					}
				}
			}
		}
		return rules;
	}

	private static Rule anyMethod(Level level, String pattern) {
		return new Rule(level, null, List.of(pattern));
	}

}
