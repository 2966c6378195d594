package io.bodega.catalog;

import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.Optional;

class AdminCatalogTests extends ApiTest {

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void createsAProductWithVariantsCategoriesAndStock() {
		String word = uniqueWord();
		String sku = uniqueSku();
		Http.Response answer = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(Map.of("title", "Trail Tee " + word, "description", "Soft and quick to dry", "categories",
					List.of(word + "-shirts"), "variants",
					List.of(Map.of("sku", sku, "title", "M / red", "options", Map.of("size", "M", "colour", "red"),
							"price", Map.of("amount", 1999, "currency", "EUR"), "stock", 7))))
			.send();

		assertThat(answer.status()).isEqualTo(201);
		JsonNode product = answer.json();
		assertThat(answer.header("Location")).hasValue("/api/v1/admin/products/" + product.path("id").asString());
		assertThat(answer.header("ETag")).isPresent();
		assertThat(product.path("slug").asString()).isEqualTo("trail-tee-" + word);
		assertThat(product.path("status").asString()).isEqualTo("active");
		assertThat(product.path("categories").toString()).isEqualTo("[\"" + word + "-shirts\"]");
		JsonNode variant = product.path("variants").get(0);
		assertThat(variant.path("sku").asString()).isEqualTo(sku);
		assertThat(variant.path("options").path("size").asString()).isEqualTo("M");
		assertThat(variant.path("price").path("amount").asLong()).isEqualTo(1999);
		assertThat(variant.path("price").path("currency").asString()).isEqualTo("EUR");
		assertThat(variant.path("available").asInt()).isEqualTo(7);
		assertThat(product.path("price").path("amount").asLong()).isEqualTo(1999);

		Http.Response stock = http().get("/api/v1/admin/inventory/" + sku).bearer(admin).send();
		assertThat(stock.json().path("onHand").asInt()).isEqualTo(7);
		assertThat(stock.json().path("reserved").asInt()).isZero();
		assertThat(stock.json().path("available").asInt()).isEqualTo(7);
		assertThat(http().get("/api/v1/categories").send().text()).contains("\"slug\":\"" + word + "-shirts\"");
	}

	@Test
	void makesAFreeSlugFromTheTitleWhenNoneIsGiven() {
		String word = uniqueWord();
		JsonNode first = createProduct(admin, productBody("Café Crème " + word, List.of(), 500, uniqueSku()));
		JsonNode second = createProduct(admin, productBody("Café Crème " + word, List.of(), 500, uniqueSku()));

		assertThat(first.path("slug").asString()).isEqualTo("cafe-creme-" + word);
		assertThat(second.path("slug").asString()).isEqualTo("cafe-creme-" + word + "-2");
	}

	@Test
	void refusesADuplicateSkuOrSlugWithConflict() {
		String sku = uniqueSku();
		String slug = uniqueWord();
		createProduct(admin, Map.of("title", "One", "slug", slug, "variants",
				List.of(Map.of("sku", sku, "price", Map.of("amount", 100, "currency", "EUR")))));

		Http.Response sameSku = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(productBody("Two", List.of(), 100, sku))
			.send();
		Http.Response sameSlug = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(Map.of("title", "Three", "slug", slug, "variants",
					List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR")))))
			.send();

		assertThat(sameSku.status()).isEqualTo(409);
		assertThat(sameSku.code()).isEqualTo("conflict");
		assertThat(sameSlug.status()).isEqualTo(409);
		assertThat(sameSlug.code()).isEqualTo("conflict");
		assertThat(jdbc.sql("select count(*) from products where title in ('Two', 'Three') and slug like ?")
			.param(slug + "%")
			.query(Long.class)
			.single()).as("nothing half-written").isZero();
	}

	@Test
	void namesEveryBadFieldOfAProduct() {
		Http.Response answer = http().post("/api/v1/admin/products").bearer(admin).json("""
				{"title": " ", "slug": "Not A Slug", "status": "sold",
				 "variants": [{"sku": "bad sku!", "price": {"amount": -5, "currency": "eur"}, "stock": -1},
				              {"sku": "OK-1", "price": {"amount": 100}}]}""").send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		assertThat(fields(answer)).contains("title", "slug", "status", "variants[0].sku", "variants[0].price.amount",
				"variants[0].price.currency", "variants[0].stock", "variants[1].price.currency");
	}

	@Test
	void refusesFractionalAmountsUnknownCurrenciesAndOtherShopCurrencies() {
		Http.Response fractional = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json("""
					{"title": "Float", "variants": [{"sku": "%s", "price": {"amount": 19.99, "currency": "EUR"}}]}"""
				.formatted(uniqueSku()))
			.send();
		Http.Response quoted = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json("""
					{"title": "Quoted", "variants": [{"sku": "%s", "price": {"amount": "1999", "currency": "EUR"}}]}"""
				.formatted(uniqueSku()))
			.send();
		Http.Response unknown = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(Map.of("title", "Unknown", "variants",
					List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "XYZ")))))
			.send();
		Http.Response foreign = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(Map.of("title", "Dollars", "variants",
					List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "USD")))))
			.send();
		Http.Response noVariants = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(Map.of("title", "Empty", "variants", List.of()))
			.send();
		Http.Response twice = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(productBody("Twice", List.of(), 100, "TWICE-1", "TWICE-1"))
			.send();

		assertThat(fields(fractional)).containsExactly("variants[0].price.amount");
		assertThat(fields(quoted)).containsExactly("variants[0].price.amount");
		assertThat(fields(unknown)).containsExactly("price.currency");
		assertThat(fields(foreign)).containsExactly("variants[0].price.currency");
		assertThat(foreign.json().path("errors").get(0).path("message").asString()).contains("EUR");
		assertThat(fields(noVariants)).containsExactly("variants");
		assertThat(fields(twice)).containsExactly("variants[1].sku");
	}

	@Test
	void patchesWithIfMatchAndRefusesAStaleEtag() {
		Http.Response created = http().post("/api/v1/admin/products")
			.bearer(admin)
			.json(productBody("Lamp " + uniqueWord(), List.of(), 4900, uniqueSku()))
			.send();
		String id = created.json().path("id").asString();
		String etag = created.header("ETag").orElseThrow();

		Http.Response first = http().patch("/api/v1/admin/products/" + id)
			.bearer(admin)
			.header("If-Match", etag)
			.json(Map.of("title", "Desk Lamp", "description", "Warm light"))
			.send();
		Http.Response stale = http().patch("/api/v1/admin/products/" + id)
			.bearer(admin)
			.header("If-Match", etag)
			.json(Map.of("title", "Floor Lamp"))
			.send();

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("title").asString()).isEqualTo("Desk Lamp");
		assertThat(first.json().path("description").asString()).isEqualTo("Warm light");
		assertThat(first.header("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.code()).isEqualTo("precondition_failed");
		assertThat(http().get("/api/v1/products/" + id).send().json().path("title").asString()).isEqualTo("Desk Lamp");
		assertThat(http().patch("/api/v1/admin/products/" + id)
			.bearer(admin)
			.json(Map.of("status", "draft"))
			.send()
			.status()).as("without If-Match the change applies").isEqualTo(200);
	}

	@Test
	void publicAndAdminPathsShareTheEtag() {
		JsonNode product = createProduct(admin, productBody("Vase " + uniqueWord(), List.of(), 2400, uniqueSku()));
		String id = product.path("id").asString();

		String adminEtag = http().get("/api/v1/admin/products/" + id).bearer(admin).send().header("ETag").orElseThrow();
		String publicEtag = http().get("/api/v1/products/" + id).send().header("ETag").orElseThrow();

		assertThat(publicEtag).isEqualTo(adminEtag).startsWith("\"");
	}

	@Test
	void invalidPatchNamesTheFieldsAndChangesNothing() {
		JsonNode product = createProduct(admin, productBody("Pan " + uniqueWord(), List.of(), 3400, uniqueSku()));
		String id = product.path("id").asString();

		Http.Response answer = http().patch("/api/v1/admin/products/" + id)
			.bearer(admin)
			.json(Map.of("title", "", "status", "gone", "slug", "UPPER"))
			.send();

		assertThat(fields(answer)).containsExactlyInAnyOrder("title", "status", "slug");
		assertThat(http().get("/api/v1/admin/products/" + id).bearer(admin).send().json().path("title").asString())
			.isEqualTo(product.path("title").asString());
	}

	@Test
	void archivingHidesTheProductFromShoppersButNotFromAdmins() {
		JsonNode product = createProduct(admin, productBody("Boot " + uniqueWord(), List.of(), 13900, uniqueSku()));
		String id = product.path("id").asString();

		assertThat(http().delete("/api/v1/admin/products/" + id).bearer(admin).send().status()).isEqualTo(204);

		assertThat(http().get("/api/v1/products/" + id).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/products/" + product.path("slug").asString()).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/admin/products/" + id).bearer(admin).send().json().path("status").asString())
			.isEqualTo("archived");
		assertThat(http().delete("/api/v1/admin/products/" + id).bearer(admin).send().status()).isEqualTo(204);
	}

	@Test
	void unknownIdsAreNotFound() {
		String unknown = "01a20cd3-5524-7bae-9e24-000000000000";
		for (Http.Request request : List.of(http().get("/api/v1/admin/products/" + unknown),
				http().patch("/api/v1/admin/products/" + unknown).json(Map.of("title", "x")),
				http().delete("/api/v1/admin/products/not-an-id"), http().get("/api/v1/admin/inventory/NO-SUCH-SKU"),
				http().put("/api/v1/admin/inventory/NO-SUCH-SKU").json(Map.of("onHand", 1)))) {
			Http.Response answer = request.bearer(admin).send();
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
			assertThat(answer.code()).isEqualTo("not_found");
		}
	}

	@Test
	void managesVariants() {
		String first = uniqueSku();
		JsonNode product = createProduct(admin, productBody("Hoodie " + uniqueWord(), List.of(), 4900, first));
		String id = product.path("id").asString();
		String second = uniqueSku();

		Http.Response added = http().post("/api/v1/admin/products/" + id + "/variants")
			.bearer(admin)
			.json(Map.of("sku", second, "title", "XL", "price", Map.of("amount", 3900, "currency", "EUR"), "stock", 3))
			.send();
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.json().path("variants").size()).isEqualTo(2);
		assertThat(added.json().path("price").path("amount").asLong()).as("lowest variant price").isEqualTo(3900);
		String secondId = added.json().path("variants").get(1).path("id").asString();

		Http.Response changed = http().patch("/api/v1/admin/products/" + id + "/variants/" + secondId)
			.bearer(admin)
			.json(Map.of("price", Map.of("amount", 5900, "currency", "EUR")))
			.send();
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("price").path("amount").asLong()).isEqualTo(4900);

		Http.Response duplicate = http().post("/api/v1/admin/products/" + id + "/variants")
			.bearer(admin)
			.json(Map.of("sku", first, "price", Map.of("amount", 1, "currency", "EUR")))
			.send();
		assertThat(duplicate.status()).isEqualTo(409);

		Http.Response removed = http().delete("/api/v1/admin/products/" + id + "/variants/" + secondId)
			.bearer(admin)
			.send();
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("variants").size()).isEqualTo(1);
		assertThat(http().get("/api/v1/admin/inventory/" + second).bearer(admin).send().status()).isEqualTo(404);

		String lastId = removed.json().path("variants").get(0).path("id").asString();
		Http.Response last = http().delete("/api/v1/admin/products/" + id + "/variants/" + lastId).bearer(admin).send();
		assertThat(last.status()).isEqualTo(409);
		assertThat(last.code()).isEqualTo("conflict");
	}

	@Test
	void setsStockAndShowsItOnTheProduct() {
		String sku = uniqueSku();
		JsonNode product = createProduct(admin, productBody("Tent " + uniqueWord(), List.of(), 19900, sku));

		Http.Response set = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", 42))
			.send();

		assertThat(set.status()).isEqualTo(200);
		assertThat(set.json().path("sku").asString()).isEqualTo(sku);
		assertThat(set.json().path("onHand").asInt()).isEqualTo(42);
		assertThat(set.json().path("available").asInt()).isEqualTo(42);
		JsonNode shown = http().get("/api/v1/products/" + product.path("id").asString()).send().json();
		assertThat(shown.path("variants").get(0).path("available").asInt()).isEqualTo(42);
		assertThat(shown.path("available").asInt()).isEqualTo(42);
	}

	@Test
	void refusesStockBelowWhatIsReservedAndBadStockBodies() {
		String sku = newProductSku(admin, "Stove", 4500);
		jdbc.sql("update stock_items set reserved = 5 where sku = ?").param(sku).update();

		Http.Response below = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", 4))
			.send();
		Http.Response negative = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", -1))
			.send();
		Http.Response fractional = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json("{\"onHand\": 2.5}")
			.send();
		Http.Response missing = http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json("{}").send();

		assertThat(below.status()).isEqualTo(409);
		assertThat(below.code()).isEqualTo("conflict");
		assertThat(fields(negative)).containsExactly("onHand");
		assertThat(fields(fractional)).containsExactly("onHand");
		assertThat(fields(missing)).containsExactly("onHand");
		assertThat(http().get("/api/v1/admin/inventory/" + sku).bearer(admin).send().json().path("onHand").asInt())
			.isEqualTo(10);
	}

	@Test
	void managesCategoriesAsATree() {
		String word = uniqueWord();
		Http.Response parent = http().post("/api/v1/admin/categories")
			.bearer(admin)
			.json(Map.of("name", "Outdoor " + word))
			.send();
		assertThat(parent.status()).isEqualTo(201);
		assertThat(parent.json().path("slug").asString()).isEqualTo("outdoor-" + word);
		String parentId = parent.json().path("id").asString();
		Http.Response child = http().post("/api/v1/admin/categories")
			.bearer(admin)
			.json(Map.of("slug", word + "-tents", "name", "Tents", "parentId", parentId))
			.send();
		assertThat(child.json().path("parentId").asString()).isEqualTo(parentId);
		String childId = child.json().path("id").asString();

		assertThat(http().post("/api/v1/admin/categories")
			.bearer(admin)
			.json(Map.of("slug", word + "-tents", "name", "Again"))
			.send()
			.status()).isEqualTo(409);
		Http.Response cycle = http().patch("/api/v1/admin/categories/" + parentId)
			.bearer(admin)
			.json(Map.of("parentId", childId))
			.send();
		assertThat(fields(cycle)).containsExactly("parentId");
		Http.Response withChildren = http().delete("/api/v1/admin/categories/" + parentId).bearer(admin).send();
		assertThat(withChildren.status()).isEqualTo(409);
		Http.Response renamed = http().patch("/api/v1/admin/categories/" + childId)
			.bearer(admin)
			.json(Map.of("name", "Tents and shelters", "parentId", ""))
			.send();
		assertThat(renamed.json().path("name").asString()).isEqualTo("Tents and shelters");
		assertThat(renamed.json().path("parentId").isNull()).isTrue();
		assertThat(http().delete("/api/v1/admin/categories/" + childId).bearer(admin).send().status()).isEqualTo(204);
		assertThat(http().delete("/api/v1/admin/categories/" + childId).bearer(admin).send().status()).isEqualTo(404);
		assertThat(fields(http().post("/api/v1/admin/categories").bearer(admin).json(Map.of("slug", "x y")).send()))
			.containsExactlyInAnyOrder("slug", "name");
	}

	@Test
	void aCategoryProductsStillUseIsNotDeletedButOneOnlyArchivedProductsUsedIs() {
		String word = uniqueWord();
		String id = createProduct(admin, productBody("Lantern " + word, List.of("lanterns-" + word), 1000, uniqueSku()))
			.path("id")
			.asString();
		String categoryId = null;
		for (JsonNode category : http().get("/api/v1/categories").send().json().path("items")) {
			if (category.path("slug").asString().equals("lanterns-" + word)) {
				categoryId = category.path("id").asString();
			}
		}

		Http.Response used = http().delete("/api/v1/admin/categories/" + categoryId).bearer(admin).send();
		assertThat(used.status()).isEqualTo(409);
		assertThat(used.json().path("code").asString()).isEqualTo("conflict");
		assertThat(used.json().path("detail").asString()).contains("used by 1 product");

		assertThat(http().delete("/api/v1/admin/products/" + id).bearer(admin).send().status()).isEqualTo(204);
		assertThat(http().delete("/api/v1/admin/categories/" + categoryId).bearer(admin).send().status())
			.isEqualTo(204);
	}

	@Test
	void recordsEveryAdminChangeInTheAuditLog() {
		String sku = uniqueSku();
		JsonNode product = createProduct(admin, productBody("Audited " + uniqueWord(), List.of(), 1000, sku));
		String id = product.path("id").asString();
		http().patch("/api/v1/admin/products/" + id).bearer(admin).json(Map.of("title", "Audited again")).send();
		http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json(Map.of("onHand", 3)).send();

		Http.Response productLog = http().get("/api/v1/admin/audit?entityType=product&entityId=" + id)
			.bearer(admin)
			.send();
		JsonNode entries = productLog.json().path("items");
		assertThat(entries.size()).isEqualTo(2);
		JsonNode update = entries.get(0);
		assertThat(update.path("action").asString()).isEqualTo("product.update");
		assertThat(update.path("actorEmail").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(update.path("at").asString()).isNotBlank();
		assertThat(update.path("before").path("title").asString()).startsWith("Audited ");
		assertThat(update.path("after").path("title").asString()).isEqualTo("Audited again");
		assertThat(entries.get(1).path("action").asString()).isEqualTo("product.create");
		assertThat(entries.get(1).path("before").isNull()).isTrue();

		JsonNode stockLog = http().get("/api/v1/admin/audit?entityType=stock&entityId=" + sku)
			.bearer(admin)
			.send()
			.json();
		assertThat(stockLog.path("items").get(0).path("before").path("onHand").asInt()).isEqualTo(10);
		assertThat(stockLog.path("items").get(0).path("after").path("onHand").asInt()).isEqualTo(3);
	}

	@Test
	void pagesThroughTheAuditLog() {
		JsonNode first = http().get("/api/v1/admin/audit?limit=1").bearer(admin).send().json();
		String cursor = first.path("nextCursor").asString();
		JsonNode second = http().get("/api/v1/admin/audit?limit=1&cursor=" + cursor).bearer(admin).send().json();

		assertThat(second.path("items").get(0).path("id").asLong())
			.isLessThan(first.path("items").get(0).path("id").asLong());
		assertThat(http().get("/api/v1/admin/audit?cursor=forged.cursor").bearer(admin).send().status()).isEqualTo(400);
		assertThat(http().get("/api/v1/admin/audit?limit=0").bearer(admin).send().status()).isEqualTo(400);
	}

	@Test
	void customersAndStrangersCannotManageTheCatalog() {
		String customer = newCustomerToken();
		Map<String, Object> body = productBody("Nope", List.of(), 100, uniqueSku());
		for (Http.Request request : List.of(http().post("/api/v1/admin/products").json(body),
				http().put("/api/v1/admin/inventory/ANY").json(Map.of("onHand", 1)), http().get("/api/v1/admin/audit"),
				http().post("/api/v1/admin/categories").json(Map.of("name", "x")))) {
			assertThat(request.send().status()).isEqualTo(401);
		}
		assertThat(http().post("/api/v1/admin/products").bearer(customer).json(body).send().status()).isEqualTo(403);
		assertThat(http().get("/api/v1/admin/audit").bearer(customer).send().status()).isEqualTo(403);
	}

}
