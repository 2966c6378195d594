package io.bodega.shared.web;

import java.util.List;

import io.bodega.shared.web.AccessRules.Rule;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The security rules derived from the controllers' {@link Access}: what needs a session,
 * per method where one path is open to some methods only; and no controller public by
 * omission.
 */
class AccessRulesTests {

	@RestController
	@Access(Access.Level.CUSTOMER)
	@RequestMapping("/api/v1/mine")
	static class Mine {

		@GetMapping
		String get() {
			return "";
		}

	}

	@RestController
	@Access(Access.Level.OPTIONAL_SESSION)
	@RequestMapping("/api/v1/things")
	static class Things {

		@PostMapping
		String create() {
			return "";
		}

		@GetMapping
		@Access(Access.Level.CUSTOMER)
		String list() {
			return "";
		}

		@GetMapping("/{id}")
		String get() {
			return "";
		}

	}

	@RestController
	@Access(Access.Level.ADMIN)
	@RequestMapping("/api/v1/admin/things")
	static class AdminThings {

		@GetMapping
		String list() {
			return "";
		}

	}

	@RestController
	static class Undeclared {

		@GetMapping("/api/v1/forgotten")
		String get() {
			return "";
		}

	}

	@RestController
	@Access(Access.Level.ADMIN)
	static class AdminOutsideTheArea {

		@GetMapping("/api/v1/staff-things")
		String get() {
			return "";
		}

	}

	@Test
	void guardsTheAdminAreaAndEverySignedInRouteOnlyForItsOwnMethods() {
		List<Rule> rules = AccessRules.of(mapping(Mine.class, Things.class, AdminThings.class)).guarded();

		assertThat(rules).first().isEqualTo(new Rule(Access.Level.ADMIN, null, List.of("/api/v1/admin/**")));
		assertThat(rules).contains(new Rule(Access.Level.CUSTOMER, null, List.of("/api/v1/mine", "/api/v1/mine/**")),
				new Rule(Access.Level.CUSTOMER, HttpMethod.GET, List.of("/api/v1/things")),
				new Rule(Access.Level.CUSTOMER, HttpMethod.HEAD, List.of("/api/v1/things")));
		assertThat(rules)
			.noneMatch(rule -> rule.level() != Access.Level.ADMIN && rule.level() != Access.Level.CUSTOMER);
		assertThat(rules).noneMatch(rule -> rule.method() == HttpMethod.POST);
		assertThat(rules).noneMatch(rule -> rule.patterns().contains("/api/v1/things/{id}"));
	}

	@Test
	void refusesToStartWithAControllerThatDeclaresNoAccess() {
		assertThatIllegalStateException().isThrownBy(() -> AccessRules.of(mapping(Mine.class, Undeclared.class)))
			.withMessageContaining("Undeclared declares no @Access");
	}

	@Test
	void refusesAnAdminRouteOutsideTheAdminArea() {
		assertThatIllegalStateException().isThrownBy(() -> AccessRules.of(mapping(AdminOutsideTheArea.class)))
			.withMessageContaining("admin routes live under /api/v1/admin/");
	}

	private static RequestMappingHandlerMapping mapping(Class<?>... controllers) {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		for (Class<?> controller : controllers) {
			context.registerSingleton(controller.getSimpleName(), controller);
		}
		context.refresh();
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
		mapping.setApplicationContext(context);
		mapping.afterPropertiesSet();
		return mapping;
	}

}
