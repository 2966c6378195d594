package io.bodega.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounds of one import: columns, rows, errors listed, one import at a time; and the
 * files people get wrong.
 */
class ProductCsvBoundsTests extends ApiTest {

	private static final String IMPORT = "/api/v1/admin/products/import";

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void refusesARowOfMoreThanSixtyFourColumns() {
		Http.Response answer = importCsv("slug,sku" + ",x".repeat(63) + "\n");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		JsonNode error = answer.json().path("errors").get(0);
		assertThat(answer.json().path("errors").size()).isEqualTo(1);
		assertThat(error.path("row").asInt()).isEqualTo(1);
		assertThat(error.path("field").asString()).isEqualTo("csv");
		assertThat(error.path("message").asString()).startsWith("has more than 64 columns");

		Http.Response laterRow = importCsv("slug,sku\nok,SKU-1\n" + ",".repeat(100) + "\n");
		assertThat(laterRow.json().path("errors").get(0).path("row").asInt()).isEqualTo(3);
	}

	@Test
	void takesFiftyThousandRowsAndRefusesOneMore() {
		String slug = "bound-" + uniqueWord();
		StringBuilder csv = new StringBuilder("slug,title,sku,price\n");
		for (int i = 0; i < 50_000; i++) {
			csv.append(slug).append(",Bound,B-").append(slug).append('-').append(i).append(",1\n");
		}
		Http.Response fits = http().post(IMPORT + "?dryRun=true")
			.bearer(admin)
			.body("text/csv", csv.toString().getBytes(StandardCharsets.UTF_8))
			.send();
		assertThat(fits.status()).as(fits.toString()).isEqualTo(200);
		assertThat(fits.json().path("variants").path("created").asInt()).isEqualTo(50_000);

		csv.append("\n\n").append(slug).append(",Bound,B-one-more,1\n");
		Http.Response tooMany = importCsv(csv.toString());
		assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(413);
		assertThat(tooMany.code()).isEqualTo("payload_too_large");
		assertThat(tooMany.json().path("detail").asString()).contains("more than 50000 rows")
			.contains("BODEGA_IMPORT_MAX_ROWS");
	}

	@Test
	void groupsTheSameErrorOnRowsOneAfterAnother() {
		String word = uniqueWord();
		StringBuilder csv = new StringBuilder("slug,title,sku,price\n");
		for (int i = 0; i < 500; i++) {
			csv.append("same-").append(word).append(",Same,S-").append(word).append('-').append(i).append(",9.99\n");
		}
		csv.append("same-").append(word).append(",Same,S-").append(word).append("-last,-1\n");
		csv.append("same-").append(word).append(",Same,S-").append(word).append("-gap,1\n");
		csv.append("same-").append(word).append(",Same,S-").append(word).append("-again,1.5\n");

		Http.Response answer = importCsv(csv.toString());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		JsonNode errors = answer.json().path("errors");
		assertThat(errors.size()).isEqualTo(2);
		assertThat(errors.get(0).path("row").asInt()).isEqualTo(2);
		assertThat(errors.get(0).path("lastRow").asInt()).isEqualTo(502);
		assertThat(errors.get(0).path("field").asString()).isEqualTo("price");
		assertThat(errors.get(1).path("row").asInt()).isEqualTo(504);
		assertThat(errors.get(1).has("lastRow")).isFalse();
		assertThat(answer.json().path("detail").asString())
			.startsWith("The CSV was not imported: 502 errors in 502 rows");
	}

	@Test
	void listsTwoHundredErrorsAndCountsTheRest() {
		StringBuilder csv = new StringBuilder("slug,title,sku,price,categories\n");
		for (int i = 0; i < 300; i++) {
			csv.append("many-").append(i).append(",Many,M-").append(i).append(",1,Bad_").append(i).append('\n');
		}

		Http.Response answer = importCsv(csv.toString());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.json().path("errors").size()).isEqualTo(200);
		assertThat(answer.json().path("errors").get(199).path("row").asInt()).isEqualTo(201);
		assertThat(answer.json().path("detail").asString()).contains("300 errors in 300 rows")
			.contains("200 are listed")
			.contains("100 more are not");
	}

	@Test
	void saysWhenAFileIsSeparatedBySemicolons() {
		Http.Response answer = importCsv("slug;title;sku;price\nsemi;Semi;SEMI-1;100\n");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.json().path("errors").size()).isEqualTo(1);
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("csv");
		assertThat(answer.json().path("errors").get(0).path("message").asString())
			.startsWith("the file is separated by semicolons")
			.contains("export it as CSV with commas");
		// One unknown column with a semicolon in its name is only that.
		assertThat(importCsv("slug,sku,a;b\nx,X-1,1\n").json().path("errors").get(0).path("field").asString())
			.isEqualTo("a;b");
	}

	@Test
	void statesTheSizeLimitInMebibytes() {
		byte[] tooLarge = ("slug,sku\n" + "y".repeat(10 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
		for (Http.Request request : List.of(http().post(IMPORT).bearer(admin).body("text/csv", tooLarge),
				http().post(IMPORT).bearer(admin).chunked("text/csv", tooLarge))) {
			Http.Response answer = request.send();
			assertThat(answer.status()).isEqualTo(413);
			assertThat(answer.json().path("detail").asString()).isEqualTo("The request body is larger than 10 MiB");
		}
	}

	@Test
	void runsOneImportAtATime() throws IOException {
		String slug = "slow-" + uniqueWord();
		byte[] file = ("slug,title,sku,price\n" + slug + ",Slow,SLOW-" + slug + ",100\n")
			.getBytes(StandardCharsets.UTF_8);
		try (Socket slow = new Socket("localhost", port)) {
			OutputStream out = slow.getOutputStream();
			out.write(("POST " + IMPORT + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin
					+ "\r\nContent-Type: text/csv\r\nContent-Length: " + file.length + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(file, 0, 10);
			out.flush();

			// While the first file is still arriving, another import is turned away with
			// a clear answer.
			Http.Response[] second = new Http.Response[1];
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				second[0] = http().post(IMPORT + "?dryRun=true")
					.bearer(admin)
					.body("text/csv", "slug,title,sku,price\nother,Other,OTHER-1,1\n".getBytes(StandardCharsets.UTF_8))
					.send();
				return second[0].status() == 429;
			});
			assertThat(second[0].code()).isEqualTo("rate_limited");
			assertThat(second[0].header("Retry-After")).isPresent();
			assertThat(second[0].json().path("detail").asString()).contains("Another product import is running");

			out.write(file, 10, file.length - 10);
			out.flush();
			String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 200");
		}
		assertThat(http().get("/api/v1/products/" + slug).send().status()).isEqualTo(200);
		Http.Response after = http().post(IMPORT + "?dryRun=true")
			.bearer(admin)
			.body("text/csv", "slug,title,sku,price\nother,Other,OTHER-1,1\n".getBytes(StandardCharsets.UTF_8))
			.send();
		assertThat(after.status()).as(after.toString()).isEqualTo(200);
	}

	@Test
	void importsAFileWithoutAFinalLineBreak() {
		String word = uniqueWord();
		for (String csv : List.of("slug,title,sku,price\nlf-" + word + ",LF,LF-" + word + ",100",
				"slug,title,sku,price\r\ncrlf-" + word + ",CRLF,CRLF-" + word + ",100",
				"slug,title,sku,price\r\nquoted-" + word + ",Quoted,QUOTED-" + word + ",\"100\"",
				"slug,sku,price,title\nlast-" + word + ",LAST-" + word + ",100,\"Last, quoted\"")) {
			Http.Response dryRun = http().post(IMPORT + "?dryRun=true")
				.bearer(admin)
				.body("text/csv", csv.getBytes(StandardCharsets.UTF_8))
				.send();
			assertThat(dryRun.status()).as(csv + "\n" + dryRun).isEqualTo(200);
			assertThat(dryRun.json().path("variants").path("created").asInt()).as(csv).isEqualTo(1);

			Http.Response answer = importCsv(csv);
			assertThat(answer.status()).as(csv + "\n" + answer).isEqualTo(200);
			assertThat(answer.json().path("variants").path("created").asInt()).as(csv).isEqualTo(1);
		}
		assertThat(http().get("/api/v1/products/last-" + word).send().json().path("title").asString())
			.isEqualTo("Last, quoted");
	}

	private Http.Response importCsv(String csv) {
		return http().post(IMPORT).bearer(admin).body("text/csv", csv.getBytes(StandardCharsets.UTF_8)).send();
	}

}
