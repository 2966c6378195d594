package io.bodega.accounts;

import io.bodega.accounts.sessions.CorsPolicy;
import io.bodega.accounts.sessions.SessionAuthenticationFilter;
import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.users.AccountsProperties;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.AccessRules;
import io.bodega.shared.web.MetricsAccess;
import io.bodega.shared.web.WebProperties;
import io.bodega.shared.web.problems.Problems;
import io.bodega.shared.web.problems.SecurityProblems;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, as the controllers declare it ({@link Access}, read into
 * {@link AccessRules}): signed-in routes need a session, admin routes (all under
 * {@code /api/v1/admin/}) the admin role; the rest is open at the door and decided by its
 * controller. Sessions are Bodega's own (see {@link Sessions}), so Spring Security's form
 * login, HTTP sessions and token-based CSRF are off; the session filter checks the origin
 * of cookie-authenticated changes. Browsers reach admin routes only from Bodega's own
 * origin ({@link CorsPolicy}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, Sessions sessions, Problems problems, AccountsProperties properties,
			WebProperties web, @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping controllers)
			throws Exception {
		// Who may call which route is declared once, on the controllers (@Access); the
		// rules are derived from it here, once, at start-up.
		AccessRules rules = AccessRules.of(controllers);
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.cors(AbstractHttpConfigurer::disable)
			.addFilterBefore(CorsPolicy.filter(properties.corsOrigins(), problems), AnonymousAuthenticationFilter.class)
			.headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)).frameOptions(f -> f.deny()))
			.addFilterBefore(new SessionAuthenticationFilter(sessions, problems, properties.corsOrigins()),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(a -> {
				for (AccessRules.Rule rule : rules.guarded()) {
					String[] patterns = rule.patterns().toArray(String[]::new);
					var matched = (rule.method() == null) ? a.requestMatchers(patterns)
							: a.requestMatchers(rule.method(), patterns);
					if (rule.level() == Access.Level.ADMIN) {
						matched.hasRole("ADMIN");
					}
					else {
						matched.authenticated();
					}
				}
				a.requestMatchers("/actuator/prometheus")
					.access(new MetricsAccess(web.metricsToken()))
					.anyRequest()
					.permitAll();
			})
			.exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				problems.write(request, response, SecurityProblems.unauthenticated());
			})
				.accessDeniedHandler((request, response, failure) -> problems.write(request, response,
						SecurityProblems.forbidden())));
		return http.build();
	}

	/** Argon2id with OWASP's parameters: 19 MiB of memory, 2 iterations, 1 lane. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
	}

}
