package io.bodega.shared.db;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pooled connections keep one plan per statement
 * ({@code plan_cache_mode=force_generic_plan}, see application.yaml): Bodega's statements
 * find rows by key, and PostgreSQL's default re-planned every statement taking an array
 * at every execution. A statement whose best plan depends on its values or on a table's
 * size asks for fresh plans here.
 */
public final class QueryPlans {

	private QueryPlans() {
	}

	/**
	 * The rest of the caller's transaction plans each statement for its values (it must
	 * run in a transaction).
	 */
	public static void planAfresh(JdbcClient jdbc) {
		jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
	}

}
