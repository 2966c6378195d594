package io.bodega.console;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

class ProductsTests extends BrowserTest {

	private JsonNode product(String token, String id) {
		return http().get("/api/v1/admin/products/" + id).bearer(token).send().json();
	}

	@Test
	void findsAProductAndEditsItsFieldsAndVariants() {
		String token = adminToken();
		String word = uniqueWord();
		String sku = uniqueSku();
		String id = createProduct(token, productBody("Lamp " + word, List.of(), 1999, sku)).path("id").asString();

		openSignedIn("#/products");
		field("Search").sendKeys(word);
		button("Find").click();
		link("Lamp " + word).click();
		heading("Lamp " + word);
		screenshot("product-editor");

		field("Title").clear();
		field("Title").sendKeys("Desk lamp " + word);
		button("Save product").click();
		assertThat(status().getText()).isEqualTo("Product saved.");
		assertThat(product(token, id).path("title").asString()).isEqualTo("Desk lamp " + word);

		WebElementField price = new WebElementField("Price of " + sku);
		price.set("24.50");
		button("Save " + sku).click();
		waitForText("Variant " + sku + " saved.");
		assertThat(product(token, id).path("variants").get(0).path("price").path("amount").asLong()).isEqualTo(2450);

		String second = uniqueSku();
		field("New variant SKU").sendKeys(second);
		field("New variant options").sendKeys("size=L; colour=black");
		field("New variant price").sendKeys("30");
		button("Add variant").click();
		waitForText("Variant " + second + " added.");
		JsonNode added = product(token, id).path("variants").get(1);
		assertThat(added.path("sku").asString()).isEqualTo(second);
		assertThat(added.path("options").path("colour").asString()).isEqualTo("black");
		assertThat(added.path("price").path("amount").asLong()).isEqualTo(3000);
	}

	@Test
	void optionsWithSemicolonsAndEqualSignsAreShownEscapedAndKeptWhenOnlyThePriceChanges() {
		String token = adminToken();
		String sku = uniqueSku();
		String id = createProduct(token,
				Map.of("title", "Shirt " + uniqueWord(), "variants",
						List.of(Map.of("sku", sku, "price", Map.of("amount", 3000, "currency", "EUR"), "options",
								Map.of("fit", "slim;tall", "note", "a=b")))))
			.path("id")
			.asString();

		openSignedIn("#/products/" + id);
		var options = waitFor(By.cssSelector("input[aria-label='Options of " + sku + "']"));
		assertThat(options.getDomProperty("value")).isEqualTo("fit=slim\\;tall; note=a\\=b");

		new WebElementField("Price of " + sku).set("31.00");
		button("Save " + sku).click();
		waitForText("Variant " + sku + " saved.");
		JsonNode variant = product(token, id).path("variants").get(0);
		assertThat(variant.path("price").path("amount").asLong()).isEqualTo(3100);
		assertThat(variant.path("options").path("fit").asString()).isEqualTo("slim;tall");
		assertThat(variant.path("options").path("note").asString()).isEqualTo("a=b");

		new WebElementField("Options of " + sku).set("fit=slim\\;short; note=a\\=c; size=M");
		button("Save " + sku).click();
		new WebDriverWait(browser, WAIT)
			.until(d -> product(token, id).path("variants").get(0).path("options").size() == 3);
		JsonNode changed = product(token, id).path("variants").get(0).path("options");
		assertThat(changed.path("fit").asString()).isEqualTo("slim;short");
		assertThat(changed.path("note").asString()).isEqualTo("a=c");
		assertThat(changed.path("size").asString()).isEqualTo("M");
	}

	@Test
	void aChangeSomeoneElseMadeMeanwhileIsShownNotOverwritten() {
		String token = adminToken();
		String word = uniqueWord();
		String id = createProduct(token, productBody("Chair " + word, List.of(), 4900, uniqueSku())).path("id")
			.asString();

		openSignedIn("#/products/" + id);
		heading("Chair " + word);
		field("Title").clear();
		field("Title").sendKeys("My chair " + word);

		// Another admin saves first.
		String etag = http().get("/api/v1/admin/products/" + id).bearer(token).send().header("ETag").orElseThrow();
		assertThat(http().patch("/api/v1/admin/products/" + id)
			.bearer(token)
			.header("If-Match", etag)
			.json(Map.of("title", "Their chair " + word))
			.send()
			.status()).isEqualTo(200);

		button("Save product").click();
		assertThat(alert().getText()).contains("Someone else changed this product");
		assertThat(field("Title").getDomProperty("value")).isEqualTo("My chair " + word);
		assertThat(product(token, id).path("title").asString()).isEqualTo("Their chair " + word);

		button("Reload").click();
		new WebDriverWait(browser, WAIT)
			.until(d -> field("Title").getDomProperty("value").equals("Their chair " + word));
		assertThat(browser.findElements(By.cssSelector("[role=alert]"))).isEmpty();
	}

	@Test
	void uploadsAnImageAndRemovesIt() throws IOException {
		String token = adminToken();
		String word = uniqueWord();
		String id = createProduct(token, productBody("Vase " + word, List.of(), 1500, uniqueSku())).path("id")
			.asString();
		Path picture = Files.createTempFile("vase-", ".png");
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		ImageIO.write(image, "png", picture.toFile());

		openSignedIn("#/products/" + id);
		heading("Vase " + word);
		field("Add images (or drop them here)").sendKeys(picture.toString());
		waitForText("Image " + picture.getFileName() + " uploaded.");
		waitFor(By.cssSelector("img[alt='Image 1 of Vase " + word + "']"));
		assertThat(product(token, id).path("images")).hasSize(1);

		waitForClickable(By.cssSelector("button[aria-label='Remove image 1']")).click();
		waitForText("Image removed.");
		assertThat(product(token, id).path("images")).isEmpty();
	}

	@Test
	void uploadsAnImageDroppedOnThePage() {
		String token = adminToken();
		String word = uniqueWord();
		String id = createProduct(token, productBody("Bowl " + word, List.of(), 1200, uniqueSku())).path("id")
			.asString();

		openSignedIn("#/products/" + id);
		heading("Bowl " + word);
		// What a browser hands the page when a file is dropped on it: a drop event whose
		// DataTransfer holds the file.
		browser.executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						const canvas = document.createElement('canvas');
						canvas.width = 32;
						canvas.height = 24;
						canvas.toBlob((blob) => {
						  const files = new DataTransfer();
						  files.items.add(new File([blob], 'bowl.png', { type: 'image/png' }));
						  const zone = document.querySelector('.drop');
						  zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
						  zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
						  done();
						}, 'image/png');""");
		waitForText("Image bowl.png uploaded.");
		assertThat(product(token, id).path("images")).hasSize(1);
	}

	@Test
	void createsAProductWithItsFirstVariant() {
		String word = uniqueWord();
		String sku = uniqueSku();
		openSignedIn("#/products/new");
		heading("New product");
		field("Title").sendKeys("Rug " + word);
		field("Categories (slugs, comma-separated)").sendKeys("rugs-" + word);
		field("SKU").sendKeys(sku);
		field("Price (EUR)").sendKeys("89.90");
		field("Initial stock").clear();
		field("Initial stock").sendKeys("7");
		button("Create product").click();
		heading("Rug " + word);

		JsonNode stock = http().get("/api/v1/admin/inventory/" + sku).bearer(adminToken()).send().json();
		assertThat(stock.path("onHand").asInt()).isEqualTo(7);
	}

	@Test
	void aPriceThatIsNotAnAmountIsRefusedBeforeAnythingIsSent() {
		String token = adminToken();
		String sku = uniqueSku();
		String id = createProduct(token, productBody("Mug " + uniqueWord(), List.of(), 900, sku)).path("id").asString();
		openSignedIn("#/products/" + id);
		new WebElementField("Price of " + sku).set("9.999");
		button("Save " + sku).click();
		assertThat(alert().getText()).contains("is not saved").contains("price");
		assertThat(product(token, id).path("variants").get(0).path("price").path("amount").asLong()).isEqualTo(900);
	}

	/**
	 * An input named by its aria-label (the variant table's cells have no visible label
	 * of their own).
	 */
	private final class WebElementField {

		private final String label;

		WebElementField(String label) {
			this.label = label;
		}

		void set(String value) {
			var input = waitFor(By.cssSelector("input[aria-label='" + label + "']"));
			input.clear();
			input.sendKeys(value);
		}

	}

}
