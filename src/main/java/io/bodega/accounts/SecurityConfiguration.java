package io.bodega.accounts;

import io.bodega.accounts.sessions.CorsPolicy;
import io.bodega.accounts.sessions.SessionAuthenticationFilter;
import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.users.AccountsProperties;
import io.bodega.shared.web.MetricsAccess;
import io.bodega.shared.web.Problems;
import io.bodega.shared.web.SecurityProblems;

import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.http.HttpMethod;

/**
 * Who may call what. Sessions are Bodega's own (see {@link Sessions}), so Spring
 * Security's form login, HTTP sessions and token-based CSRF are off; the session filter
 * checks the origin of cookie-authenticated changes. Admin endpoints of every module live
 * under {@code /api/v1/admin/**} and need the admin role; browsers reach them only from
 * Bodega's own origin ({@link CorsPolicy}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, Sessions sessions, Problems problems, AccountsProperties properties,
			@Value("${bodega.metrics-token:}") String metricsToken) throws Exception {
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
			.authorizeHttpRequests(a -> a.requestMatchers("/api/v1/admin/**")
				.hasRole("ADMIN")
				.requestMatchers("/api/v1/me", "/api/v1/me/**", "/api/v1/auth/logout")
				.authenticated()
				.requestMatchers(HttpMethod.GET, "/api/v1/orders")
				.authenticated()
				.requestMatchers(HttpMethod.HEAD, "/api/v1/orders")
				.authenticated()
				.requestMatchers("/actuator/prometheus")
				.access(new MetricsAccess(metricsToken))
				.anyRequest()
				.permitAll())
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
