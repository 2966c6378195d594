package io.bodega.accounts.staff;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two shop-wide settings the {@link DevelopmentAdmin} goes by;
 * {@code application.yaml} maps each to its {@code BODEGA_*} variable.
 *
 * @param dataDir {@code bodega.data-dir}: where the development administrator's password
 * file is kept
 * @param db {@code bodega.db}: the external database, if any; with none the shop is a
 * development shop
 */
@ConfigurationProperties("bodega")
public record DevelopmentAdminProperties(String dataDir, Database db) {

	/**
	 * @param url {@code bodega.db.url}: blank for the embedded database
	 */
	public record Database(String url) {
	}

	/** Whether the shop runs on the embedded database, that is whether no URL is set. */
	boolean embeddedDatabase() {
		return db == null || db.url() == null || db.url().isBlank();
	}

}
