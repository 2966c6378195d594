package io.bodega.shared.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The web layer's settings, {@code bodega.*}: how large a JSON body
 * ({@code max-body-size}) and a CSV import ({@code import-max-size},
 * {@code BODEGA_IMPORT_MAX_SIZE}) may be, the load balancers whose forwarded headers are
 * believed ({@code trusted-proxies}, {@code BODEGA_TRUSTED_PROXIES}), and the token that
 * opens the metrics ({@code metrics-token}, {@code BODEGA_METRICS_TOKEN}; none by
 * default, so nobody may read them).
 */
@ConfigurationProperties("bodega")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("10MB") DataSize importMaxSize,
		@DefaultValue List<String> trustedProxies, @DefaultValue("") String metricsToken) {
}
