package io.bodega.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTests extends BrowserTest {

	@Test
	void importsAThousandProductsFromAFileAndExportsThem() throws Exception {
		String word = uniqueWord();
		StringBuilder csv = new StringBuilder("slug,title,description,status,categories,sku,variantTitle,options,price,stock\n");
		for (int i = 0; i < 1000; i++) {
			csv.append("poster-%s-%d,Poster %s %d,\"A poster, numbered %d\",active,posters-%s,PST-%s-%d,A2,size=A2,1%03d,5\n"
				.formatted(word, i, word, i, i, word, word, i, i));
		}
		Path file = Files.createTempFile("posters-", ".csv");
		Files.writeString(file, csv);

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();
		waitForText("Products: 1000 created, 0 changed, 0 unchanged. Variants: 1000 created");
		screenshot("products");

		assertThat(http().get("/api/v1/products/poster-" + word + "-999").send().json().path("variants").get(0)
			.path("price").path("amount").asLong()).isEqualTo(1999);

		// The "Export CSV" link downloads, with the browser's session cookie, a file that holds them all: fetched here
		// byte for byte (a string handed back through the browser driver would lose the carriage returns in values).
		String href = link("Export CSV").getDomProperty("href");
		var download = http().get(href.substring(href.indexOf("/api/")))
			.cookie(browser.manage().getCookieNamed("bodega_session").getValue())
			.send();
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.header("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
		String exported = download.text();
		List<String> posters = exported.lines().filter(l -> l.startsWith("poster-" + word + "-")).toList();
		assertThat(posters).hasSize(1000);

		// Imported again unchanged, the export (of the whole catalog, all the suite's products too) changes nothing.
		long lastAudit = jdbc.sql("select coalesce(max(id), 0) from audit_log").query(Long.class).single();
		Path again = Files.createTempFile("export-", ".csv");
		Files.writeString(again, exported);
		field("CSV file").sendKeys(again.toString());
		button("Import").click();
		waitForText("Imported " + again.getFileName());
		List<String> changed = jdbc.sql("select entity_id || ': ' || before::text || ' -> ' || after::text from audit_log "
				+ "where id > ? and action like 'product.%'").param(lastAudit).query(String.class).list();
		assertThat(changed).as("products the re-import changed").isEmpty();
		waitForText("Products: 0 created, 0 changed");
	}

	@Test
	void aFileWithWrongRowsIsRefusedRowByRowAndNothingIsWritten() throws Exception {
		String word = uniqueWord();
		Path file = Files.createTempFile("bad-", ".csv");
		Files.writeString(file, """
				slug,title,status,sku,price
				good-%s,Good one,active,GOOD-%s,1000
				bad-%s,Bad price,active,BAD-%s,12.50
				""".formatted(word, word, word, word));

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();
		assertThat(alert().getText()).contains("Row 3").contains("price");
		assertThat(http().get("/api/v1/products/good-" + word).send().status()).isEqualTo(404);
	}
}
