package io.bodega.shared.db;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Secrets every node must share, such as the key that signs list cursors: made at random by whichever node needs
 * one first and kept in PostgreSQL, so no configuration is needed and all nodes agree.
 */
@Component
public class NodeSecrets {

	private final JdbcClient jdbc;
	private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

	NodeSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public byte[] get(String name) {
		return cache.computeIfAbsent(name, this::load);
	}

	private byte[] load(String name) {
		byte[] fresh = new byte[32];
		new SecureRandom().nextBytes(fresh);
		jdbc.sql("insert into node_secrets (name, secret) values (:name, :secret) on conflict (name) do nothing")
			.param("name", name)
			.param("secret", fresh)
			.update();
		return jdbc.sql("select secret from node_secrets where name = ?").param(name).query(byte[].class).single();
	}
}
