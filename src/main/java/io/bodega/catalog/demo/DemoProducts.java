package io.bodega.catalog.demo;

import io.bodega.catalog.product.ProductRows;

import java.awt.Color;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.bodega.catalog.product.Slugs;
import io.bodega.shared.Ids;

/**
 * Makes the demo shop's products from a fixed seed, so every run makes the same shop:
 * names from a department's kinds, descriptions, a mix of variants by colour and size,
 * prices around each kind's base price, and stock (some sold out).
 */
final class DemoProducts {

	record Department(String slug, String name, List<Kind> kinds) {
	}

	record Kind(String slug, String name, String noun, long basePrice, List<String> sizes) {
	}

	static final List<Department> DEPARTMENTS = List.of(
			new Department("clothing", "Clothing",
					List.of(new Kind("t-shirts", "T-shirts", "Tee", 1900, List.of("S", "M", "L", "XL")),
							new Kind("hoodies", "Hoodies", "Hoodie", 4900, List.of("S", "M", "L", "XL")),
							new Kind("jackets", "Jackets", "Jacket", 11900, List.of("S", "M", "L")),
							new Kind("trousers", "Trousers", "Trousers", 6900, List.of("30", "32", "34", "36")))),
			new Department("footwear", "Footwear",
					List.of(new Kind("running-shoes", "Running shoes", "Runner", 9900,
							List.of("40", "41", "42", "43", "44")),
							new Kind("boots", "Boots", "Boot", 13900, List.of("40", "42", "44")),
							new Kind("sandals", "Sandals", "Sandal", 3900, List.of("38", "40", "42")),
							new Kind("sneakers", "Sneakers", "Sneaker", 7900, List.of("39", "41", "43")))),
			new Department("home", "Home",
					List.of(new Kind("kitchen", "Kitchen", "Pan", 3400, List.of()),
							new Kind("lighting", "Lighting", "Lamp", 5900, List.of()),
							new Kind("textiles", "Textiles", "Throw", 2900, List.of()),
							new Kind("decor", "Decor", "Vase", 2400, List.of()))),
			new Department("outdoor", "Outdoor",
					List.of(new Kind("tents", "Tents", "Tent", 19900, List.of("1P", "2P", "3P")),
							new Kind("backpacks", "Backpacks", "Pack", 8900, List.of("20L", "30L", "45L")),
							new Kind("sleeping-bags", "Sleeping bags", "Sleeping Bag", 12900,
									List.of("Regular", "Long")),
							new Kind("camp-kitchen", "Camp kitchen", "Stove", 4500, List.of()))),
			new Department("audio", "Audio",
					List.of(new Kind("headphones", "Headphones", "Headphones", 8900, List.of()),
							new Kind("speakers", "Speakers", "Speaker", 6900, List.of()),
							new Kind("chargers", "Chargers", "Charger", 1900, List.of("20W", "45W", "65W")),
							new Kind("cables", "Cables", "Cable", 900, List.of("1m", "2m")))));

	private static final String[] ADJECTIVES = { "Alpine", "Coastal", "Urban", "Nordic", "Classic", "Summit", "Harbor",
			"Meadow", "Granite", "Cedar", "Ember", "Drift", "Aurora", "Canyon", "Willow", "Atlas", "Lumen", "Pioneer",
			"Solstice", "Tidal" };

	private static final String[] MATERIALS = { "Merino", "Cotton", "Linen", "Recycled", "Organic", "Waxed", "Ripstop",
			"Bamboo", "Oak", "Ceramic", "Copper", "Wool", "Canvas", "Suede", "Steel" };

	static final Map<String, Color> COLOURS = new LinkedHashMap<>();

	static {
		COLOURS.put("black", new Color(0x2B2B2B));
		COLOURS.put("navy", new Color(0x243B6B));
		COLOURS.put("red", new Color(0xB23A3A));
		COLOURS.put("green", new Color(0x3E7D4F));
		COLOURS.put("sand", new Color(0xC9B38A));
	}

	/** A product made, with the kind it is of and the colour its picture shows. */
	record Made(ProductRows.ProductRow product, Kind kind, String firstColour, List<ProductRows.VariantRow> variants) {
	}

	private final Random random = new Random(20261124L);

	private final List<String> colours = List.copyOf(COLOURS.keySet());

	private final int variantsPerProduct;

	private final String currency;

	/**
	 * @param variantsPerProduct variants of each product, or 0 for a natural mix
	 */
	DemoProducts(int variantsPerProduct, String currency) {
		this.variantsPerProduct = variantsPerProduct;
		this.currency = currency;
	}

	/** The {@code i}th product (from 0), made at {@code created}. */
	Made make(int i, Timestamp created) {
		Department department = DEPARTMENTS.get(i % DEPARTMENTS.size());
		Kind kind = department.kinds().get((i / DEPARTMENTS.size()) % department.kinds().size());
		String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
		String material = MATERIALS[random.nextInt(MATERIALS.length)];
		String title = adjective + " " + material + " " + kind.noun();
		UUID id = Ids.newId();
		String slug = Slugs.of(title, 90) + "-" + (i + 1);
		String description = description(random, adjective, material, kind, department);
		String status = random.nextInt(50) == 0 ? "draft" : "active";
		List<String[]> combinations = combinations(kind);
		List<ProductRows.VariantRow> variants = variants(id, i, kind, combinations);
		long minPrice = variants.stream().mapToLong(ProductRows.VariantRow::price).min().orElse(Long.MAX_VALUE);
		return new Made(new ProductRows.ProductRow(id, slug, title, description, status, minPrice, created), kind,
				combinations.getFirst()[0], variants);
	}

	/** The colour and size of each variant, the colours in an order of their own. */
	private List<String[]> combinations(Kind kind) {
		List<String> productColours = new ArrayList<>(colours);
		Collections.rotate(productColours, random.nextInt(colours.size()));
		List<String> sizes = sizes(kind);
		List<String[]> combinations = new ArrayList<>();
		for (String colour : productColours) {
			for (String size : sizes) {
				combinations.add(new String[] { colour, size });
			}
		}
		int count = variantsPerProduct > 0 ? Math.min(variantsPerProduct, combinations.size())
				: Math.min(combinations.size(), sizes.size() * (1 + random.nextInt(2)));
		return combinations.subList(0, count);
	}

	private List<ProductRows.VariantRow> variants(UUID id, int i, Kind kind, List<String[]> combinations) {
		List<String> sizes = sizes(kind);
		long price = Math.round(kind.basePrice() * (0.7 + random.nextDouble() * 0.9) / 100.0) * 100 - 1;
		List<ProductRows.VariantRow> variants = new ArrayList<>();
		for (String[] combination : combinations) {
			String colour = combination[0];
			String size = combination[1];
			String sku = (kind.slug().substring(0, 3) + "-" + (i + 1) + "-" + colour.substring(0, 3)
					+ (size.isEmpty() ? "" : "-" + size))
				.toUpperCase(Locale.ROOT);
			Map<String, String> options = new LinkedHashMap<>();
			options.put("colour", colour);
			if (!size.isEmpty()) {
				options.put("size", size);
			}
			long variantPrice = price + (size.equals(sizes.getLast()) && sizes.size() > 2 ? 500 : 0);
			int onHand = random.nextInt(10) == 0 ? 0 : random.nextInt(60);
			variants.add(new ProductRows.VariantRow(Ids.newId(), id, sku, String.join(" / ", options.values()), options,
					variantPrice, currency, variants.size(), onHand));
		}
		return variants;
	}

	private static List<String> sizes(Kind kind) {
		return kind.sizes().isEmpty() ? List.of("") : kind.sizes();
	}

	private static String description(Random random, String adjective, String material, Kind kind, Department dept) {
		String[] openings = { "Made for every day and built to last.", "Our most-loved design, refined once more.",
				"Light, honest and easy to care for.", "Designed in small batches with care.",
				"A quiet favourite that goes with everything." };
		String[] closings = { "Ships within two working days.", "Free returns within 30 days.",
				"Backed by a two-year guarantee.", "Packed without plastic." };
		return "The " + adjective + " " + kind.noun().toLowerCase(Locale.ROOT) + " in "
				+ material.toLowerCase(Locale.ROOT) + ", from our " + dept.name().toLowerCase(Locale.ROOT) + " range. "
				+ openings[random.nextInt(openings.length)] + " " + closings[random.nextInt(closings.length)];
	}

}
