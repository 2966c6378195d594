package io.bodega.accounts;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.Idempotency;
import io.bodega.shared.web.MetricsAccess;
import io.bodega.shared.web.Problems;
import io.bodega.shared.web.SecurityProblems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Who may call what. Sessions are Bodega's own (see {@link Sessions}), so Spring Security's form login, HTTP
 * sessions and token-based CSRF are off; the session filter checks the origin of cookie-authenticated changes.
 * Admin endpoints of every module live under {@code /api/v1/admin/**} and need the admin role.
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
			.addFilterBefore(cors(properties.corsOrigins(), problems), AnonymousAuthenticationFilter.class)
			.headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions(f -> f.deny()))
			.addFilterBefore(new SessionAuthenticationFilter(sessions, problems, properties.corsOrigins()),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(a -> a.requestMatchers("/api/v1/admin/**")
				.hasRole("ADMIN")
				.requestMatchers("/api/v1/me", "/api/v1/me/**", "/api/v1/auth/logout")
				.authenticated()
				.requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/orders")
				.authenticated()
				.requestMatchers(org.springframework.http.HttpMethod.HEAD, "/api/v1/orders")
				.authenticated()
				.requestMatchers("/actuator/prometheus")
				.access(new MetricsAccess(metricsToken))
				.anyRequest()
				.permitAll())
			.exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				problems.write(request, response, SecurityProblems.unauthenticated());
			}).accessDeniedHandler((request, response, failure) -> problems.write(request, response,
					SecurityProblems.forbidden())));
		return http.build();
	}

	/** Argon2id with OWASP's parameters: 19 MiB of memory, 2 iterations, 1 lane. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
	}

	/** CORS for the configured frontends; a refused cross-origin request gets a problem answer like any other. */
	private static CorsFilter cors(List<String> origins, Problems problems) {
		CorsFilter filter = new CorsFilter(corsConfiguration(origins));
		filter.setCorsProcessor(new DefaultCorsProcessor() {
			@Override
			public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
					HttpServletResponse response) throws IOException {
				boolean valid = super.processRequest(config, request, response);
				if (!valid) {
					problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden",
							"Cross-origin request from an origin that is not allowed"));
				}
				return valid;
			}

			@Override
			protected void rejectRequest(ServerHttpResponse response) {
				// answered as a problem in processRequest
			}
		});
		return filter;
	}

	private static CorsConfigurationSource corsConfiguration(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!origins.isEmpty()) {
			CorsConfiguration config = new CorsConfiguration();
			config.setAllowedOrigins(origins);
			config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
			// Last-Event-ID: a storefront's EventSource resumes a live stream with it
			config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
					HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", "X-Request-Id", "Last-Event-ID"));
			config.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
					"X-Request-Id", Idempotency.REPLAYED));
			config.setAllowCredentials(true);
			config.setMaxAge(3600L);
			source.registerCorsConfiguration("/**", config);
		}
		return source;
	}
}
