package io.bodega.console;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

class CategoriesTests extends BrowserTest {

	private JsonNode category(String name) {
		return find("name", name);
	}

	private JsonNode find(String field, String value) {
		for (JsonNode c : http().get("/api/v1/categories").send().json().path("items")) {
			if (c.path(field).asString().equals(value)) {
				return c;
			}
		}
		return null;
	}

	@Test
	void createsRenamesMovesAndDeletesCategoriesInTheirTree() {
		String word = uniqueWord();
		openSignedIn("#/categories");
		heading("Categories");

		field("New category name").sendKeys("Lighting " + word);
		button("Create category").click();
		waitForText("Category Lighting " + word + " created.");

		field("New category name").sendKeys("Desk lamps " + word);
		new Select(field("Parent")).selectByVisibleText("Lighting " + word);
		button("Create category").click();
		waitForText("Category Desk lamps " + word + " created.");
		// The child is listed inside its parent's item.
		waitFor(By.xpath("//li[strong[text()='Lighting " + word + "']]//li/strong[text()='Desk lamps " + word + "']"));
		assertThat(category("Desk lamps " + word).path("parentId").asString())
			.isEqualTo(category("Lighting " + word).path("id").asString());
		screenshot("categories");

		waitForClickable(By.cssSelector("button[aria-label='Rename Desk lamps " + word + "']")).click();
		field("New name").clear();
		field("New name").sendKeys("Table lamps " + word);
		button("Rename").click();
		waitForText("Renamed to Table lamps " + word + ".");

		waitForClickable(By.cssSelector("button[aria-label='Move Table lamps " + word + "']")).click();
		new Select(field("New parent")).selectByVisibleText("(top level)");
		button("Move").click();
		waitForText("Table lamps " + word + " moved.");
		assertThat(category("Table lamps " + word).path("parentId").isNull()).isTrue();

		waitForClickable(By.cssSelector("button[aria-label='Delete Table lamps " + word + "']")).click();
		button("Delete").click();
		waitForText("Table lamps " + word + " deleted.");
		assertThat(category("Table lamps " + word)).isNull();
	}

	@Test
	void aCategoryInUseIsNotDeletedAndTheReasonIsShown() {
		String word = uniqueWord();
		createProduct(adminToken(), productBody("Shade " + word, List.of("shades-" + word), 1200, uniqueSku()));
		String name = find("slug", "shades-" + word).path("name").asString();

		openSignedIn("#/categories");
		button("Delete " + name).click();
		button("Delete").click();
		assertThat(alert().getText()).contains("product");
		assertThat(category(name)).isNotNull();
	}

}
