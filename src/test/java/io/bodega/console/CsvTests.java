package io.bodega.console;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTests extends BrowserTest {

	@Test
	void importsAThousandProductsFromAFileAndExportsThem() throws Exception {
		String word = uniqueWord();
		StringBuilder csv = new StringBuilder(
				"slug,title,description,status,categories,sku,variantTitle,options,price,stock\n");
		for (int i = 0; i < 1000; i++) {
			csv.append(
					"poster-%s-%d,Poster %s %d,\"A poster, numbered %d\",active,posters-%s,PST-%s-%d,A2,size=A2,1%03d,5\n"
						.formatted(word, i, word, i, i, word, word, i, i));
		}
		Path file = Files.createTempFile("posters-", ".csv");
		Files.writeString(file, csv);

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();
		waitForText("Products: 1000 created, 0 changed, 0 unchanged. Variants: 1000 created");
		screenshot("products");

		assertThat(http().get("/api/v1/products/poster-" + word + "-999")
			.send()
			.json()
			.path("variants")
			.get(0)
			.path("price")
			.path("amount")
			.asLong()).isEqualTo(1999);

		// The "Export CSV" link downloads, with the browser's session cookie, a file that
		// holds them all: fetched here
		// byte for byte (a string handed back through the browser driver would lose the
		// carriage returns in values).
		String href = link("Export CSV").getDomProperty("href");
		var download = http().get(href.substring(href.indexOf("/api/")))
			.cookie(browser.manage().getCookieNamed("bodega_session").getValue())
			.send();
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.header("Content-Disposition"))
			.hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
		String exported = download.text();
		List<String> posters = exported.lines().filter(l -> l.startsWith("poster-" + word + "-")).toList();
		assertThat(posters).hasSize(1000);

		// Imported again unchanged, the export (of the whole catalog, all the suite's
		// products too) changes nothing.
		long lastAudit = jdbc.sql("select coalesce(max(id), 0) from audit_log").query(Long.class).single();
		Path again = Files.createTempFile("export-", ".csv");
		Files.writeString(again, exported);
		field("CSV file").sendKeys(again.toString());
		button("Import").click();
		waitForText("Imported " + again.getFileName());
		List<String> changed = jdbc
			.sql("select entity_id || ': ' || before::text || ' -> ' || after::text from audit_log "
					+ "where id > ? and action like 'product.%'")
			.param(lastAudit)
			.query(String.class)
			.list();
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
				bad-%s,Bad price,active,BAD-%s-2,12.50
				bad-%s,Bad price,active,BAD-%s-3,12.50
				odd-%s,Odd status,bogus,ODD-%s,100
				""".formatted(word, word, word, word, word, word, word, word, word, word));

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();
		// The server counts alike errors on rows one after another as one entry (row and
		// lastRow).
		assertThat(alert().getText()).contains("Rows 3–5: price").contains("Row 6: status");
		assertThat(http().get("/api/v1/products/good-" + word).send().status()).isEqualTo(404);
	}

	@Test
	void aWindows1252FileIsRefusedNextToTheImportButtonAndNothingIsStored() throws Exception {
		String word = uniqueWord();
		// What Excel on Windows writes as "CSV": Windows-1252, where ê is the one byte
		// 0xEA.
		Path file = Files.createTempFile("excel-", ".csv");
		Files.write(file, """
				slug,title,status,sku,price
				crepe-%s,Crêpe pan %s,active,CRP-%s,2500
				""".formatted(word, word, word).getBytes(Charset.forName("windows-1252")));

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();

		WebElement answer = importAnswer();
		assertThat(answer.findElement(By.cssSelector("[role=alert]")).getText()).contains("The CSV was not imported")
			.contains("line 2")
			.contains("is not UTF-8: save the file as CSV UTF-8");
		keepPicture("import-refused");
		assertThat(http().get("/api/v1/products/crepe-" + word).send().status()).isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from products where title like ?")
			.param("%" + word + "%")
			.query(Long.class)
			.single()).as("products stored from the refused file").isZero();
	}

	@Test
	void anEmptyFileIsNamedAsEmpty() throws Exception {
		Path file = Files.createTempFile("empty-", ".csv");

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();

		assertThat(importAnswer().getText()).contains("The file is empty: " + file.getFileName() + " has no rows");
		keepPicture("import-empty");
	}

	@Test
	void aGoodFilesResultIsShownUnderTheImportButton() throws Exception {
		String word = uniqueWord();
		Path file = Files.createTempFile("good-", ".csv");
		Files.writeString(file, """
				slug,title,status,sku,price
				crepe-%s,Crêpe pan %s,active,CRP-%s,2500
				""".formatted(word, word, word));

		openSignedIn("#/products");
		field("CSV file").sendKeys(file.toString());
		button("Import").click();

		assertThat(importAnswer().findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Imported " + file.getFileName() + ". Products: 1 created, 0 changed, 0 unchanged. "
					+ "Variants: 1 created, 0 changed, 0 unchanged.");
		keepPicture("import-done");
		assertThat(http().get("/api/v1/products/crepe-" + word).send().json().path("title").asString())
			.isEqualTo("Crêpe pan " + word);
	}

	/**
	 * The import's answer, once it shows: under the Import button (not at the top of the
	 * page, out of sight), in view, and holding the focus, so a screen reader reads it
	 * out.
	 */
	private WebElement importAnswer() {
		WebElement answer = new WebDriverWait(browser, WAIT)
			.until(d -> d.findElements(By.cssSelector("form.import #import-answer"))
				.stream()
				.filter(e -> !e.getText().isBlank())
				.findFirst()
				.orElse(null));
		button("Import"); // enabled again: the import is over
		@SuppressWarnings("unchecked")
		Map<String, Object> place = (Map<String, Object>) script("""
				const button = document.querySelector('form.import button[type=submit]').getBoundingClientRect();
				const answer = arguments[0].getBoundingClientRect();
				return {gap: answer.top - button.bottom, left: answer.left <= button.right,
				  inView: answer.top >= 0 && answer.bottom <= window.innerHeight};""", answer);
		assertThat(((Number) place.get("gap")).doubleValue()).as("pixels between the button and its answer")
			.isBetween(0.0, 32.0);
		assertThat(place.get("left")).as("the answer starts left of the button's right edge").isEqualTo(true);
		assertThat(place.get("inView")).as("the answer is in view").isEqualTo(true);
		assertThat(script("return document.activeElement.id")).as("what has the focus").isEqualTo("import-answer");
		return answer;
	}

}
