package io.bodega.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProductCsvTests extends ApiTest {

	private static final String EXPORT = "/api/v1/admin/products/export";

	private static final String IMPORT = "/api/v1/admin/products/import";

	private static final String HEADER = "slug,title,description,status,categories,sku,variantTitle,options,price";

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	/**
	 * A product whose every text holds what CSV, the options and categories encodings, or
	 * spreadsheets trip over.
	 */
	private JsonNode trickyProduct(String word) {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("size=fit", "M;L \\ wide");
		options.put("colour", "=rot|grün");
		options.put("@note", "");
		return createProduct(admin,
				Map.of("title", "=HYPERLINK(\"x\"), \"quoted\" | a=b; c — Ünïcødé 雪 " + word, "description",
						"Line one,\r\nline \"two\"\nline three; a|b=c\n'- bullet\t", "status", "draft", "categories",
						List.of(word + "-b", word + "-a"), "variants",
						List.of(Map.of("sku", uniqueSku(), "title", "-5 % off, \"best\"", "options", options, "price",
								Map.of("amount", 0, "currency", "EUR")),
								Map.of("sku", uniqueSku(), "title", "'=already apostrophed", "options", Map.of(),
										"price", Map.of("amount", 999_999_999_999L, "currency", "EUR")))));
	}

	@Test
	void reimportingTheExportChangesNothing() {
		String word = uniqueWord();
		JsonNode tricky = trickyProduct(word);
		JsonNode plain = createProduct(admin,
				productBody("Plain " + word, List.of(word), 1500, uniqueSku(), uniqueSku()));
		List<String> ids = List.of(tricky.path("id").asString(), plain.path("id").asString());
		Map<String, String> etags = etags(ids);
		long audited = auditEntries(ids);

		Http.Response export = http().get(EXPORT).bearer(admin).send();

		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type.toLowerCase()).isEqualTo("text/csv;charset=utf-8"));
		assertThat(export.header("Content-Disposition")).hasValueSatisfying(disposition -> assertThat(disposition)
			.matches("attachment; filename=\"products-\\d{4}-\\d{2}-\\d{2}\\.csv\""));
		assertThat(export.text()).startsWith(HEADER + ",currency,version\r\n");
		// The formula is guarded for spreadsheets, and so is a value that already began
		// with an apostrophe.
		assertThat(export.text()).contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\" | a=b; c — Ünïcødé 雪 " + word)
			.contains("'-5 % off")
			.contains("''=already apostrophed")
			.contains(word + "-a|" + word + "-b");

		Http.Response again = http().post(IMPORT).bearer(admin).body("text/csv", export.raw()).send();

		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.json().path("dryRun").asBoolean()).isFalse();
		assertThat(again.json().path("products").path("created").asInt()).isZero();
		assertThat(again.json().path("products").path("updated").asInt()).isZero();
		assertThat(again.json().path("products").path("unchanged").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(again.json().path("variants").path("created").asInt()).isZero();
		assertThat(again.json().path("variants").path("updated").asInt()).isZero();
		assertThat(again.json().path("variants").path("unchanged").asInt()).isGreaterThanOrEqualTo(4);
		assertThat(etags(ids)).isEqualTo(etags);
		assertThat(auditEntries(ids)).isEqualTo(audited);
	}

	@Test
	void anExportedFileDoesNotUndoAChangeMadeAfterItWasExported() {
		String word = uniqueWord();
		JsonNode product = createProduct(admin, productBody("Kite " + word, List.of(), 2500, uniqueSku()));
		String id = product.path("id").asString();
		String file = http().get(EXPORT).bearer(admin).send().text();
		String row = file.lines().filter(l -> l.contains("Kite " + word)).findFirst().orElseThrow();
		String header = file.lines().findFirst().orElseThrow();
		String edited = header + "\r\n" + row.replace("Kite " + word, "Red kite " + word) + "\r\n";

		// Someone changes the product after the export; the file's row names the version
		// it was exported at.
		assertThat(http().patch("/api/v1/admin/products/" + id)
			.bearer(admin)
			.json(Map.of("title", "Box kite " + word))
			.send()
			.status()).isEqualTo(200);
		Map<String, String> etags = etags(List.of(id));

		Http.Response stale = importCsv(edited);

		assertThat(errors(stale)).containsExactly("2 version");
		assertThat(stale.json().path("errors").get(0).path("message").asString()).contains("was changed after");
		assertThat(etags(List.of(id))).isEqualTo(etags);

		// Without the version column the file's values are written over the change, as
		// asked.
		String unversioned = edited.lines()
			.map(l -> l.substring(0, l.lastIndexOf(',')))
			.reduce((a, b) -> a + "\r\n" + b)
			.orElseThrow() + "\r\n";
		assertThat(importCsv(unversioned).status()).isEqualTo(200);
		assertThat(http().get("/api/v1/admin/products/" + id).bearer(admin).send().json().path("title").asString())
			.isEqualTo("Red kite " + word);

		assertThat(errors(importCsv(header + "\r\n" + row.substring(0, row.lastIndexOf(',')) + ",yesterday\r\n")))
			.containsExactly("2 version");
	}

	@Test
	void trickyValuesSurviveTheRoundTripExactly() throws IOException {
		String word = uniqueWord();
		JsonNode original = trickyProduct(word);
		String copySlug = "copy-" + word;
		Map<String, String> copiedSkus = new HashMap<>();

		// The exported rows of the product, as a new product: same values under another
		// slug and other SKUs.
		StringBuilder copy = new StringBuilder();
		try (CSVParser rows = CSVParser.parse(http().get(EXPORT + "?status=draft").bearer(admin).send().text(),
				CSVFormat.RFC4180); CSVPrinter printer = new CSVPrinter(copy, CSVFormat.RFC4180)) {
			for (CSVRecord row : rows) {
				if (row.getRecordNumber() == 1) {
					printer.printRecord((Object[]) row.values());
				}
				else if (row.get(0).equals(original.path("slug").asString())) {
					List<String> values = new ArrayList<>(row.toList());
					String sku = uniqueSku();
					copiedSkus.put(sku, values.get(5));
					values.set(0, copySlug);
					values.set(5, sku);
					printer.printRecord(values);
				}
			}
		}
		Http.Response imported = http().post(IMPORT)
			.bearer(admin)
			.body("text/csv; charset=utf-8", copy.toString().getBytes(StandardCharsets.UTF_8))
			.send();
		assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
		assertThat(imported.json().path("products").path("created").asInt()).isEqualTo(1);
		assertThat(imported.json().path("variants").path("created").asInt()).isEqualTo(2);

		JsonNode made = http().get("/api/v1/admin/products/" + idOf(copySlug)).bearer(admin).send().json();
		for (String field : List.of("title", "description", "status", "categories")) {
			assertThat(made.path(field)).as(field).isEqualTo(original.path(field));
		}
		for (JsonNode variant : made.path("variants")) {
			JsonNode source = variantOf(original, copiedSkus.get(variant.path("sku").asString()));
			for (String field : List.of("title", "options", "price")) {
				assertThat(variant.path(field)).as(field).isEqualTo(source.path(field));
			}
		}
	}

	@Test
	void createsAndUpdatesThroughTheImportAsTheJsonApiWould() {
		String word = uniqueWord();
		String slug = "import-" + word;
		String small = uniqueSku();
		String large = uniqueSku();
		Http.Response created = importCsv(HEADER + ",stock\n" + slug + ",Import Tee," + word + ",active," + word
				+ "-tees," + small + ",S,size=S,1500,4\n" + slug + ",Import Tee," + word + ",active," + word + "-tees,"
				+ large + ",L,size=L,1700,\n");

		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		assertThat(created.json().path("products").path("created").asInt()).isEqualTo(1);
		Http.Response shown = http().get("/api/v1/products/" + slug).send();
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.json().path("title").asString()).isEqualTo("Import Tee");
		assertThat(shown.json().path("categories").get(0).asString()).isEqualTo(word + "-tees");
		assertThat(variantOf(shown.json(), small).path("available").asInt()).isEqualTo(4);
		assertThat(variantOf(shown.json(), large).path("available").asInt()).isZero();
		assertThat(variantOf(shown.json(), large).path("options").path("size").asString()).isEqualTo("L");
		assertThat(http().get("/api/v1/products?q=" + word)
			.send()
			.json()
			.path("items")
			.get(0)
			.path("price")
			.path("amount")
			.asLong()).isEqualTo(1500);
		String etag = shown.header("ETag").orElseThrow();

		// A new title, a new price for one SKU, a new SKU; the stock column never touches
		// an existing SKU.
		String extra = uniqueSku();
		Http.Response updated = importCsv(HEADER + ",stock\n" + slug + ",Import Tee II," + word + ",active," + word
				+ "-tees," + small + ",S,size=S,1200,99\n" + slug + ",Import Tee II," + word + ",active," + word
				+ "-tees," + extra + ",XL,size=XL,1900,7\n");

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("products").path("updated").asInt()).isEqualTo(1);
		assertThat(updated.json().path("variants").path("created").asInt()).isEqualTo(1);
		assertThat(updated.json().path("variants").path("updated").asInt()).isEqualTo(1);
		JsonNode after = http().get("/api/v1/products/" + slug).send().json();
		assertThat(after.path("title").asString()).isEqualTo("Import Tee II");
		assertThat(after.path("variants").size()).isEqualTo(3);
		assertThat(variantOf(after, small).path("price").path("amount").asLong()).isEqualTo(1200);
		assertThat(variantOf(after, small).path("available").asInt()).isEqualTo(4);
		assertThat(variantOf(after, large).path("price").path("amount").asLong()).isEqualTo(1700);
		assertThat(variantOf(after, extra).path("available").asInt()).isEqualTo(7);
		assertThat(after.path("variants").get(2).path("sku").asString()).isEqualTo(extra);
		assertThat(http().get("/api/v1/products/" + slug).send().header("ETag")).isPresent().get().isNotEqualTo(etag);
		assertThat(http().get("/api/v1/products?q=" + word)
			.send()
			.json()
			.path("items")
			.get(0)
			.path("price")
			.path("amount")
			.asLong()).isEqualTo(1200);
		JsonNode log = http().get("/api/v1/admin/audit?entityType=product&entityId=" + after.path("id").asString())
			.bearer(admin)
			.send()
			.json()
			.path("items");
		assertThat(log.size()).isEqualTo(2);
		assertThat(log.get(0).path("action").asString()).isEqualTo("product.update");
		assertThat(log.get(0).path("actorEmail").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(log.get(0).path("before").path("title").asString()).isEqualTo("Import Tee");
		assertThat(log.get(0).path("after").path("title").asString()).isEqualTo("Import Tee II");
		assertThat(log.get(1).path("action").asString()).isEqualTo("product.create");

		// Only some columns: the rest keep their values.
		Http.Response priceOnly = importCsv("sku,slug,price\r\n" + large + "," + slug + ",1650\r\n");
		assertThat(priceOnly.status()).as(priceOnly.toString()).isEqualTo(200);
		JsonNode repriced = http().get("/api/v1/products/" + slug).send().json();
		assertThat(variantOf(repriced, large).path("price").path("amount").asLong()).isEqualTo(1650);
		assertThat(variantOf(repriced, large).path("title").asString()).isEqualTo("L");
		assertThat(repriced.path("title").asString()).isEqualTo("Import Tee II");
	}

	@Test
	void aFileWithBadRowsNamesEveryErrorAndWritesNothing() {
		String word = uniqueWord();
		JsonNode existing = createProduct(admin, productBody("Kept " + word, List.of(), 1000, uniqueSku()));
		String existingSku = existing.path("variants").get(0).path("sku").asString();
		String etag = etags(List.of(existing.path("id").asString())).values().iterator().next();
		String good = "good-" + word;

		Http.Response answer = importCsv(HEADER + "\n" + good + ",Good,,active,," + uniqueSku() + ",,,100\n"
				+ existing.path("slug").asString() + ",Renamed,,active,," + existingSku + ",,,2000\n" + "bad-" + word
				+ ",Bad,,gone,Not A Slug," + uniqueSku() + ",,size,19.99\n" + "Bad Slug,,,active,,has space,,,-1\n");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		// Rows 4 and 5 have the same bad price: one entry of both rows.
		assertThat(errors(answer)).containsExactly("4 status", "4 categories", "4 options", "4 price", "5 slug",
				"5 title", "5 sku");
		assertThat(answer.json().path("errors").get(3).path("lastRow").asInt()).isEqualTo(5);
		assertThat(http().get("/api/v1/products/" + good).send().status()).isEqualTo(404);
		assertThat(etags(List.of(existing.path("id").asString())).values().iterator().next()).isEqualTo(etag);
		assertThat(http().get("/api/v1/products/" + existing.path("slug").asString())
			.send()
			.json()
			.path("title")
			.asString()).isEqualTo("Kept " + word);
	}

	@Test
	void refusesASkuTwiceInTheFileOrOfAnotherProduct() {
		String word = uniqueWord();
		JsonNode other = createProduct(admin, productBody("Other " + word, List.of(), 1000, uniqueSku()));
		String taken = other.path("variants").get(0).path("sku").asString();
		String twice = uniqueSku();

		Http.Response answer = importCsv(HEADER + "\n" + "one-" + word + ",One,,active,," + twice + ",,,100\n" + "one-"
				+ word + ",One,,active,," + twice + ",,,100\n" + "two-" + word + ",Two,,active,," + taken + ",,,100\n"
				+ "two-" + word + ",Two,other text,active,," + uniqueSku() + ",,,100\n" + "three-" + word
				+ ",,,active,," + uniqueSku() + ",,,\n");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(errors(answer)).containsExactly("3 sku", "4 sku", "5 description", "6 title", "6 price");
		assertThat(answer.json().path("errors").get(1).path("message").asString())
			.contains(other.path("slug").asString());
		assertThat(http().get("/api/v1/products/one-" + word).send().status()).isEqualTo(404);
	}

	@Test
	void aDryRunCountsButWritesNothing() {
		String slug = "dry-" + uniqueWord();
		Http.Response answer = http().post(IMPORT + "?dryRun=true")
			.bearer(admin)
			.body("text/csv",
					(HEADER + "\n" + slug + ",Dry,,active,," + uniqueSku() + ",,,100\n")
						.getBytes(StandardCharsets.UTF_8))
			.send();

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().path("dryRun").asBoolean()).isTrue();
		assertThat(answer.json().path("products").path("created").asInt()).isEqualTo(1);
		assertThat(http().get("/api/v1/products/" + slug).send().status()).isEqualTo(404);
		assertThat(http().post(IMPORT + "?dryRun=maybe").bearer(admin).body("text/csv", "x".getBytes()).send().status())
			.isEqualTo(400);
	}

	@Test
	void importsAThousandProductsInOneRequest() {
		String word = uniqueWord();
		StringBuilder csv = new StringBuilder(HEADER + ",currency,stock\r\n");
		for (int i = 0; i < 1000; i++) {
			for (int v = 0; v <= i % 3; v++) {
				csv.append("bulk-")
					.append(word)
					.append('-')
					.append(i)
					.append(",Bulk ")
					.append(i)
					.append(",\"A product, made in bulk\",active,bulk-")
					.append(word)
					.append(",BULK-")
					.append(word)
					.append('-')
					.append(i)
					.append('-')
					.append(v)
					.append(",V")
					.append(v)
					.append(",size=")
					.append(v)
					.append(',')
					.append(1000 + v)
					.append(",EUR,3\r\n");
			}
		}
		byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);

		Http.Response first = http().post(IMPORT).bearer(admin).body("text/csv", file).send();
		Http.Response second = http().post(IMPORT).bearer(admin).body("text/csv", file).send();

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().path("products").path("created").asInt()).isEqualTo(1000);
		assertThat(first.json().path("variants").path("created").asInt()).isEqualTo(1999);
		assertThat(second.json().path("products").path("unchanged").asInt()).isEqualTo(1000);
		assertThat(second.json().path("variants").path("unchanged").asInt()).isEqualTo(1999);
		JsonNode last = http().get("/api/v1/products/bulk-" + word + "-998").send().json();
		assertThat(last.path("variants").size()).isEqualTo(3);
		assertThat(last.path("available").asInt()).isEqualTo(9);
	}

	@Test
	void takesImportsOverTheJsonLimitAndRefusesThemOverTheirOwn() {
		// 1.5 MB is over the 1 MB of JSON bodies: it is read, and its too-long
		// description is the only complaint.
		String description = "x".repeat(1_500_000);
		Http.Response large = importCsv(
				HEADER + "\nbig-" + uniqueWord() + ",Big," + description + ",active,," + uniqueSku() + ",,,100\n");
		assertThat(large.status()).isEqualTo(400);
		assertThat(errors(large)).containsExactly("2 description");

		byte[] tooLarge = (HEADER + "\n" + "y".repeat(10 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
		for (Http.Request request : List.of(http().post(IMPORT).bearer(admin).body("text/csv", tooLarge),
				http().post(IMPORT).bearer(admin).chunked("text/csv", tooLarge))) {
			Http.Response answer = request.send();
			assertThat(answer.status()).isEqualTo(413);
			assertThat(answer.code()).isEqualTo("payload_too_large");
		}
	}

	@Test
	void answersBrokenFilesWithTheRowAndColumn() {
		String sku = uniqueSku();
		String row = "bom-" + uniqueWord() + ",BOM,,active,," + sku + ",,,100";

		Http.Response unclosed = importCsv(HEADER + "\nbroken,\"Unclosed,,active,,SKU,,,1\n");
		assertThat(errors(unclosed)).containsExactly("2 csv");
		assertThat(unclosed.json().path("errors").get(0).path("message").asString())
			.startsWith("a quoted value is not closed");
		Http.Response trailing = importCsv(
				HEADER + "\nfine,Fine,,active,,SKU-1,,,1\nbroken,\"Quoted\"after,,active,,SKU,,,1\n");
		assertThat(errors(trailing)).containsExactly("3 csv");
		assertThat(trailing.json().path("errors").get(0).path("message").asString())
			.startsWith("a quoted value is followed by more characters");
		assertThat(errors(http().post(IMPORT)
			.bearer(admin)
			.body("text/csv",
					concat((HEADER + "\nbad,").getBytes(StandardCharsets.UTF_8),
							new byte[] { (byte) 0xC3, (byte) 0x28 }))
			.send())).containsExactly("2 csv");
		assertThat(errors(importCsv(""))).containsExactly("1 csv");
		assertThat(errors(importCsv(HEADER + "\n"))).containsExactly("2 csv");
		assertThat(errors(importCsv(HEADER.replace("price", "prize") + "\n"))).containsExactly("1 prize");
		assertThat(errors(importCsv("slug,title\nx,X\n"))).containsExactly("1 sku");
		assertThat(errors(importCsv(HEADER + "\n\n" + row + ",extra\n"))).containsExactly("3 csv");
		assertThat(errors(importCsv(HEADER + "\nopts-x,X,,active,," + uniqueSku() + ",,a=1;a=2,1\n")))
			.containsExactly("2 options");

		// A byte order mark and CRLF, as spreadsheets save; and LF.
		Http.Response withBom = http().post(IMPORT)
			.bearer(admin)
			.body("text/csv",
					concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
							(HEADER + "\r\n" + row + "\r\n").getBytes(StandardCharsets.UTF_8)))
			.send();
		assertThat(withBom.status()).as(withBom.toString()).isEqualTo(200);
		assertThat(importCsv(HEADER + "\n" + row + "\n").json().path("products").path("unchanged").asInt())
			.isEqualTo(1);

		Http.Response json = http().post(IMPORT).bearer(admin).json("{}").send();
		assertThat(json.status()).isEqualTo(415);
		assertThat(json.json().path("detail").asString()).contains("text/csv");
		assertThat(
				http().post(IMPORT).bearer(admin).body("text/csv; charset=iso-8859-1", row.getBytes()).send().status())
			.isEqualTo(415);
		assertThat(http().post(IMPORT).bearer(admin).body("text/csv; charset=klingon", row.getBytes()).send().status())
			.isEqualTo(415);
	}

	@Test
	void onlyAdminsMayExportOrImport() {
		String customer = newCustomerToken();
		byte[] body = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);

		assertThat(http().get(EXPORT).send().status()).isEqualTo(401);
		assertThat(http().post(IMPORT).body("text/csv", body).send().status()).isEqualTo(401);
		assertThat(http().get(EXPORT).bearer(customer).send().status()).isEqualTo(403);
		assertThat(http().post(IMPORT).bearer(customer).body("text/csv", body).send().status()).isEqualTo(403);
	}

	private Http.Response importCsv(String csv) {
		return http().post(IMPORT).bearer(admin).body("text/csv", csv.getBytes(StandardCharsets.UTF_8)).send();
	}

	/** The errors of a refused import as "row field". */
	private static List<String> errors(Http.Response answer) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		List<String> errors = new ArrayList<>();
		answer.json().path("errors").forEach(e -> errors.add(e.path("row").asInt() + " " + e.path("field").asString()));
		return errors;
	}

	private Map<String, String> etags(List<String> ids) {
		Map<String, String> etags = new LinkedHashMap<>();
		for (String id : ids) {
			etags.put(id, http().get("/api/v1/admin/products/" + id).bearer(admin).send().header("ETag").orElseThrow());
		}
		return etags;
	}

	private long auditEntries(List<String> ids) {
		return jdbc.sql("select count(*) from audit_log where entity_id = any(?)")
			.param(ids.toArray(String[]::new))
			.query(Long.class)
			.single();
	}

	private String idOf(String slug) {
		return jdbc.sql("select id::text from products where slug = ?").param(slug).query(String.class).single();
	}

	private static JsonNode variantOf(JsonNode product, String sku) {
		for (JsonNode variant : product.path("variants")) {
			if (variant.path("sku").asString().equals(sku)) {
				return variant;
			}
		}
		throw new AssertionError("No variant " + sku + " in " + product);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = new byte[a.length + b.length];
		System.arraycopy(a, 0, both, 0, a.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

}
