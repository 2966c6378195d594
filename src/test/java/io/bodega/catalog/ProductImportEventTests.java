package io.bodega.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an import tells the event log: one stock.changed per SKU whose stock it moved, as
 * the JSON API does.
 */
class ProductImportEventTests extends ApiTest {

	private static final String IMPORT = "/api/v1/admin/products/import";

	private static final String HEADER = "slug,title,sku,price,stock";

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void announcesTheStockOfEveryNewSkuAndNoneOfTheOthers() {
		String word = uniqueWord();
		JsonNode existing = createProduct(admin,
				productBody("Kept " + word, List.of(), 1000, uniqueSku(), uniqueSku()));
		String repriced = existing.path("variants").get(0).path("sku").asString();
		String untouched = existing.path("variants").get(1).path("sku").asString();
		String slug = existing.path("slug").asString();
		List<String> fresh = new ArrayList<>();
		StringBuilder csv = new StringBuilder(HEADER + "\n");
		for (int i = 0; i < 12; i++) {
			String sku = uniqueSku();
			fresh.add(sku);
			csv.append("new-")
				.append(word)
				.append('-')
				.append(i % 4)
				.append(",New,")
				.append(sku)
				.append(",500,")
				.append(i + 1)
				.append('\n');
		}
		// An existing SKU's stock is never set by an import (orders move it meanwhile):
		// its stock cell is ignored.
		csv.append(slug).append(",Kept ").append(word).append(',').append(repriced).append(",1200,99\n");
		csv.append(slug).append(",Kept ").append(word).append(',').append(untouched).append(",1000,\n");
		List<String> all = new ArrayList<>(fresh);
		all.add(repriced);
		all.add(untouched);
		long before = stockEvents(all).size();

		Http.Response dryRun = http().post(IMPORT + "?dryRun=true").bearer(admin).body("text/csv", bytes(csv)).send();
		assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
		assertThat(stockEvents(all)).hasSize((int) before);

		Http.Response applied = http().post(IMPORT).bearer(admin).body("text/csv", bytes(csv)).send();
		assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
		List<Map<String, Object>> events = stockEvents(all).subList((int) before, stockEvents(all).size());
		assertThat(events).extracting(e -> e.get("subject"))
			.containsExactlyInAnyOrderElementsOf(fresh.stream().map(sku -> "sku:" + sku).toList());
		for (int i = 0; i < fresh.size(); i++) {
			String sku = fresh.get(i);
			Map<String, Object> event = events.stream()
				.filter(e -> e.get("subject").equals("sku:" + sku))
				.findFirst()
				.orElseThrow();
			assertThat(event.get("data").toString()).contains("\"onHand\": " + (i + 1))
				.contains("\"available\": " + (i + 1))
				.contains("\"productId\": \"" + idOf("new-" + word + "-" + (i % 4)) + "\"");
		}
	}

	@Test
	void aRefusedImportAnnouncesNothing() {
		String sku = uniqueSku();
		String csv = HEADER + "\nfailed-" + uniqueWord() + ",Failed," + sku + ",500,5\nbad slug,X," + uniqueSku()
				+ ",1,1\n";
		Http.Response answer = http().post(IMPORT)
			.bearer(admin)
			.body("text/csv", csv.getBytes(StandardCharsets.UTF_8))
			.send();
		assertThat(answer.status()).isEqualTo(400);
		assertThat(stockEvents(List.of(sku))).isEmpty();
	}

	private List<Map<String, Object>> stockEvents(List<String> skus) {
		return jdbc
			.sql("select subject, data::text as data from event_log where type = 'stock.changed' "
					+ "and subject = any(?) order by id")
			.param(skus.stream().map(sku -> "sku:" + sku).toArray(String[]::new))
			.query()
			.listOfRows();
	}

	private String idOf(String slug) {
		return jdbc.sql("select id::text from products where slug = ?").param(slug).query(String.class).single();
	}

	private static byte[] bytes(CharSequence csv) {
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

}
