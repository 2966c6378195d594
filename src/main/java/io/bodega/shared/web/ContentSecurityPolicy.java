package io.bodega.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter that gives every answer under some paths one Content-Security-Policy. Only the
 * registration's URL patterns choose the requests: they match the decoded path, as the
 * handlers do, so {@code /%61dmin/} gets the policy too (a check of the raw URI would
 * miss it).
 */
public final class ContentSecurityPolicy {

	public static final String HEADER = "Content-Security-Policy";

	private ContentSecurityPolicy() {
	}

	public static FilterRegistrationBean<OncePerRequestFilter> onPaths(String name, String policy,
			String... urlPatterns) {
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				response.setHeader(HEADER, policy);
				chain.doFilter(request, response);
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns(urlPatterns);
		registration.setName(name);
		return registration;
	}

}
