package io.bodega.console;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every screen the menu offers, reached from every other through the menu and left again
 * with the browser's Back button. The screens are read from the menu itself, so one added
 * later is walked too.
 */
class NavigationTests extends BrowserTest {

	/**
	 * What a screen may define although its element already has it: the lifecycle a Lit
	 * element is meant to override. Anything else of the same name as an element's own
	 * member (remove, children, title...) replaces it, and the page breaks in ways far
	 * from the screen (a screen that cannot be removed stays on the page).
	 */
	private static final String OWN_MEMBERS_REDEFINED = """
			const allowed = new Set(['constructor', 'render', 'createRenderRoot', 'connectedCallback',
			  'disconnectedCallback', 'attributeChangedCallback', 'firstUpdated', 'updated', 'willUpdate', 'shouldUpdate']);
			const redefined = (element) => {
			  const chain = [];
			  for (let p = Object.getPrototypeOf(element); p && p !== HTMLElement.prototype; p = Object.getPrototypeOf(p)) {
			    chain.push(p);
			  }
			  // The last two are Lit's LitElement and ReactiveElement, whose members (and the element's) are the base.
			  const base = chain[chain.length - 2];
			  return chain.slice(0, -2).flatMap((p) => Object.getOwnPropertyNames(p))
			    .filter((name) => !allowed.has(name) && name in base)
			    .map((name) => element.localName + '.' + name);
			};
			return [...document.querySelectorAll('bodega-console *')]
			  .filter((e) => e.localName.startsWith('bodega-')).flatMap(redefined);""";

	@Test
	void everyScreenLeadsToEveryOtherThroughTheMenuAndBackLeavingOnlyThatScreen() {
		openSignedIn("");
		List<String> screens = menu();
		assertThat(screens).as("the menu's screens").contains("home", "orders", "products", "categories", "staff");

		for (String from : screens) {
			go(from);
			for (String to : screens) {
				if (to.equals(from)) {
					continue;
				}
				go(to);
				browser.navigate().back();
				shows(from, "back from " + to);
			}
		}
	}

	@Test
	void noScreenRedefinesAMemberOfItsElement() {
		open("");
		heading("Sign in to Bodega admin");
		assertNothingRedefined();
		signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
		waitFor(By.cssSelector("header.top"));
		for (String screen : menu()) {
			go(screen);
			assertNothingRedefined();
		}
		go("products");
		link("New product").click();
		heading("New product");
		assertNothingRedefined();
	}

	/**
	 * Every Bodega element on the page (screens and the parts they are made of) keeps its
	 * element's members.
	 */
	private void assertNothingRedefined() {
		assertThat((List<?>) script(OWN_MEMBERS_REDEFINED)).as("members of an element redefined").isEmpty();
	}

	/** The screens the main menu links to, by their path (#/orders is "orders"). */
	private List<String> menu() {
		return browser.findElements(By.cssSelector("nav[aria-label=Main] a"))
			.stream()
			.map(a -> a.getDomAttribute("href").replaceFirst("^#/", ""))
			.toList();
	}

	/** Follows the menu's link to a screen, which then is the only one on the page. */
	private void go(String screen) {
		waitForClickable(By.cssSelector("nav[aria-label=Main] a[href='#/" + screen + "']")).click();
		shows(screen, "through the menu");
	}

	private void shows(String screen, String how) {
		waitFor(By.cssSelector("main > [data-screen='" + screen + "'] h1"));
		// The screen left must be gone by the time the new one shows: both are changed in
		// one rendering.
		@SuppressWarnings("unchecked")
		List<String> onThePage = (List<String>) script(
				"return [...document.querySelectorAll('[data-screen]')].map((e) => e.dataset.screen)");
		assertThat(onThePage).as("screens on the page after going to %s %s", screen, how).containsExactly(screen);
		assertThat(browser.findElements(By.cssSelector("main > *"))).as("elements in main").hasSize(1);
		new WebDriverWait(browser, WAIT)
			.until(d -> d.findElement(By.cssSelector("nav[aria-label=Main] a[aria-current=page]"))
				.getDomAttribute("href")
				.equals("#/" + screen));
	}

}
