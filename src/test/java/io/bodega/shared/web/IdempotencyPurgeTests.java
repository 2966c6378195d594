package io.bodega.shared.web;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency records are kept at least 24 hours, then purged. */
class IdempotencyPurgeTests extends ApiTest {

	@Autowired
	IdempotencyRecords records;

	@Test
	void keepsRecordsForADayThenPurgesThem() {
		String key = uniqueWord();
		jdbc.sql(
				"""
						insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, created_at) values
						  ('test', :key || '-fresh', 'f', 201, '\\x7b7d', now() - interval '24 hours'),
						  ('test', :key || '-old', 'f', 201, '\\x7b7d', now() - interval '26 hours')""")
			.param("key", key)
			.update();

		records.purge();

		assertThat(jdbc.sql("select key from idempotency_keys where caller = 'test' and key like :key || '-%'")
			.param("key", key)
			.query(String.class)
			.list()).containsExactly(key + "-fresh");
	}

}
