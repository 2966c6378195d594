package io.bodega.shared.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How request bodies are read. Every JSON string, map keys included, is refused while it
 * is read if it holds a NUL character: PostgreSQL text cannot store one, so it would
 * otherwise fail deep inside a statement. Refused here, the client gets
 * {@code validation_failed} naming the field.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

	static final String NUL_REFUSED = "must not contain a NUL character";

	@Bean
	JsonMapperBuilderCustomizer refuseNulCharacters() {
		return builder -> builder.addModule(
				new SimpleModule("bodega-refuse-nul-characters").addDeserializer(String.class, new NulRefusingStrings())
					.addKeyDeserializer(String.class, new NulRefusingKeys()));
	}

	private static boolean hasNul(String value) {
		return value != null && value.indexOf('\0') >= 0;
	}

	/** Jackson's own string reading (coercions and all), then the check. */
	static final class NulRefusingStrings extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			return hasNul(value) ? context.reportInputMismatch(this, NUL_REFUSED) : value;
		}

	}

	static final class NulRefusingKeys extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			return hasNul(key) ? context.handleWeirdKey(String.class, key, NUL_REFUSED) : key;
		}

	}

}
