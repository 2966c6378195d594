package io.bodega.shared.web;

import java.lang.reflect.ParameterizedType;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API answers JSON, so a call whose {@code Accept} rules JSON out is refused with 406
 * {@code not_acceptable} before its controller runs: nothing is done for a client that
 * could not read the answer.
 * <p>
 * Spring MVC negotiates only the bodies it converts itself. Controllers that send JSON
 * they rendered before (the catalog's cached product pages, the kept answers of
 * idempotent calls) set the content type, and Spring takes a set content type as given,
 * whatever the client accepts; and for bodies it converts, Jackson offers
 * {@code application/*+json}, so {@code Accept: application/problem+json} got a success
 * labelled as a problem. Problems themselves are answered whatever the {@code Accept},
 * and so are operations that answer no body (204, 202): there is nothing to negotiate,
 * and a client generated from the OpenAPI document accepts only
 * {@code application/problem+json} there, the one type their answers declare. Outside
 * {@code /api}, such as the images under {@code /media}, Spring MVC's own negotiation
 * applies.
 */
@Configuration(proxyBeanMethods = false)
public class JsonApiNegotiation implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AcceptsJson()).addPathPatterns("/api/**");
	}

	public static final class AcceptsJson implements HandlerInterceptor {

		private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws HttpMediaTypeNotAcceptableException {
			// Only controllers: an unknown path stays a 404, whatever the Accept.
			if (handler instanceof HandlerMethod method && answersBody(method) && !acceptsJson(request)) {
				throw new HttpMediaTypeNotAcceptableException(JSON);
			}
			return true;
		}

		/**
		 * Whether the operation answers a body: not when its method returns nothing, or a
		 * {@code ResponseEntity<Void>}.
		 */
		public static boolean answersBody(HandlerMethod method) {
			var returned = method.getReturnType();
			if (returned.getParameterType() == void.class) {
				return false;
			}
			return !(ResponseEntity.class.isAssignableFrom(returned.getParameterType())
					&& returned.getGenericParameterType() instanceof ParameterizedType type
					&& type.getActualTypeArguments()[0] == Void.class);
		}

		/**
		 * As Spring MVC reads the header (none means anything; one it cannot parse
		 * accepts nothing), and a type the client gave quality 0 is one it refuses.
		 */
		private static boolean acceptsJson(HttpServletRequest request) {
			List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
			if (accept.isEmpty()) {
				return true;
			}
			try {
				return MediaType.parseMediaTypes(accept)
					.stream()
					.anyMatch(type -> type.getQualityValue() > 0 && MediaType.APPLICATION_JSON.isCompatibleWith(type));
			}
			catch (InvalidMediaTypeException e) {
				return false;
			}
		}

	}

}
