package io.bodega.catalog;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.db.DatabaseLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.Collections;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The demo shop: with {@code BODEGA_DEMO_DATA=true} (the default) an empty database is
 * filled with a believable catalog of 25 categories and {@code BODEGA_DEMO_PRODUCTS}
 * products (1,000 by default) with variants, prices, stock and simple drawn images.
 * Everything is made in code from a fixed seed, so every run makes the same shop; nothing
 * is downloaded. One transaction under an advisory lock: several nodes starting on one
 * empty database fill it once.
 */
@Component
class DemoCatalog implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	private static final long LOCK = 0x626F64656761L;

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

	private static final Map<String, Color> COLOURS = new LinkedHashMap<>();

	static {
		COLOURS.put("black", new Color(0x2B2B2B));
		COLOURS.put("navy", new Color(0x243B6B));
		COLOURS.put("red", new Color(0xB23A3A));
		COLOURS.put("green", new Color(0x3E7D4F));
		COLOURS.put("sand", new Color(0xC9B38A));
	}

	private final CatalogProperties properties;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final TransactionTemplate tx;

	private final Inventory inventory;

	private final MediaStorage media;

	private final AuditLog audit;

	private final JsonMapper json;

	DemoCatalog(CatalogProperties properties, JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx,
			Inventory inventory, MediaStorage media, AuditLog audit, JsonMapper json) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.batch = batch;
		this.tx = tx;
		this.inventory = inventory;
		this.media = media;
		this.audit = audit;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (properties.demoData()) {
			fillIfEmpty(properties.demoProducts());
		}
	}

	/**
	 * Fills an empty catalog; answers how many products were made (0 when the catalog was
	 * not empty).
	 */
	int fillIfEmpty(int products) {
		long started = System.nanoTime();
		Integer made = tx.execute(status -> {
			// Nodes starting together wait for the one filling the catalog, however long
			// that takes.
			DatabaseLimits.liftForThisTransaction(jdbc);
			jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query(Object.class).optional();
			boolean empty = !jdbc.sql("select exists (select 1 from products)").query(Boolean.class).single();
			return empty ? fill(products) : 0;
		});
		if (made != null && made > 0) {
			// Fresh statistics for the planner at once: autovacuum would gather them a
			// while later, or never where it
			// is switched off, and until then searches over thousands of products get
			// poor plans.
			jdbc.sql("analyze products, variants, product_categories, product_images, categories, stock_items")
				.update();
			log.info("Filled the empty catalog with {} demo products in {} ms (BODEGA_DEMO_DATA=false to skip)", made,
					(System.nanoTime() - started) / 1_000_000);
		}
		return made == null ? 0 : made;
	}

	private int fill(int count) {
		Random random = new Random(20261124L);
		Map<String, UUID> categoryIds = insertCategories();
		Map<String, Image> images = drawImages();

		List<Object[]> productRows = new ArrayList<>();
		List<Object[]> categoryRows = new ArrayList<>();
		List<Object[]> variantRows = new ArrayList<>();
		List<Object[]> imageRows = new ArrayList<>();
		Map<String, Integer> stock = new LinkedHashMap<>();
		List<String> colours = List.copyOf(COLOURS.keySet());
		List<Kind> kinds = DEPARTMENTS.stream().flatMap(d -> d.kinds().stream()).toList();
		Instant now = Instant.now();

		for (int i = 0; i < count; i++) {
			Department department = DEPARTMENTS.get(i % DEPARTMENTS.size());
			Kind kind = department.kinds().get((i / DEPARTMENTS.size()) % department.kinds().size());
			String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
			String material = MATERIALS[random.nextInt(MATERIALS.length)];
			String title = adjective + " " + material + " " + kind.noun();
			UUID id = Ids.newId();
			String slug = Slugs.of(title, 90) + "-" + (i + 1);
			String description = description(random, adjective, material, kind, department);
			Timestamp created = Timestamp.from(now.minus(Duration.ofMinutes(37L * (count - i))));
			String status = random.nextInt(50) == 0 ? "draft" : "active";

			List<String> productColours = new ArrayList<>(colours);
			Collections.rotate(productColours, random.nextInt(colours.size()));
			List<String> sizes = kind.sizes().isEmpty() ? List.of("") : kind.sizes();
			List<String[]> combinations = new ArrayList<>();
			for (String colour : productColours) {
				for (String size : sizes) {
					combinations.add(new String[] { colour, size });
				}
			}
			int variantCount = properties.demoVariants() > 0 ? Math.min(properties.demoVariants(), combinations.size())
					: Math.min(combinations.size(), sizes.size() * (1 + random.nextInt(2)));
			combinations = combinations.subList(0, variantCount);
			long price = Math.round(kind.basePrice() * (0.7 + random.nextDouble() * 0.9) / 100.0) * 100 - 1;
			long minPrice = Long.MAX_VALUE;
			int position = 0;
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
				String variantTitle = String.join(" / ", options.values());
				variantRows.add(new Object[] { Ids.newId(), id, sku, variantTitle, json.writeValueAsString(options),
						variantPrice, properties.currency(), position++, onHand });
				stock.put(sku, onHand);
				minPrice = Math.min(minPrice, variantPrice);
			}
			productRows.add(new Object[] { id, slug, title, description, status, minPrice, created, created });
			categoryRows.add(new Object[] { id, categoryIds.get(kind.slug()) });
			Image image = images.get(kind.slug() + "/" + combinations.getFirst()[0]);
			imageRows.add(new Object[] { Ids.newId(), id, image.hash(), "png", "image/png", Image.SIZE, Image.SIZE });
		}
		batch.batchUpdate(
				"insert into products (id, slug, title, description, status, min_price, created_at, updated_at) "
						+ "values (?, ?, ?, ?, ?, ?, ?, ?)",
				productRows);
		batch.batchUpdate("insert into product_categories (product_id, category_id) values (?, ?)", categoryRows);
		batch
			.batchUpdate("insert into variants (id, product_id, sku, title, options, price_amount, currency, position, "
					+ "available) values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)", variantRows);
		batch.batchUpdate("insert into product_images (id, product_id, content_hash, extension, content_type, width, "
				+ "height) values (?, ?, ?, ?, ?, ?, ?)", imageRows);
		inventory.trackAllUnannounced(stock);
		audit.record(null, "catalog.demo", "catalog", "demo", null,
				Map.of("products", count, "variants", variantRows.size(), "categories", categoryIds.size()));
		return count;
	}

	private Map<String, UUID> insertCategories() {
		Map<String, UUID> ids = new LinkedHashMap<>();
		List<Object[]> rows = new ArrayList<>();
		for (Department department : DEPARTMENTS) {
			UUID parent = Ids.newId();
			ids.put(department.slug(), parent);
			rows.add(new Object[] { parent, department.slug(), department.name(), null });
			for (Kind kind : department.kinds()) {
				UUID id = Ids.newId();
				ids.put(kind.slug(), id);
				rows.add(new Object[] { id, kind.slug(), kind.name(), parent });
			}
		}
		batch.batchUpdate("insert into categories (id, slug, name, parent_id) values (?, ?, ?, ?) "
				+ "on conflict (slug) do nothing", rows);
		return jdbc.sql("select slug, id from categories where slug = any(?)")
			.param(ids.keySet().toArray(String[]::new))
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getObject(2, UUID.class)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
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

	record Image(String hash) {
		static final int SIZE = 240;

	}

	/**
	 * One simple picture per kind and colour: a gradient, a shape for the department,
	 * stripes for the kind.
	 */
	private Map<String, Image> drawImages() {
		Map<String, Image> images = new LinkedHashMap<>();
		int departmentIndex = 0;
		for (Department department : DEPARTMENTS) {
			for (Kind kind : department.kinds()) {
				for (Map.Entry<String, Color> colour : COLOURS.entrySet()) {
					byte[] png = draw(departmentIndex, kind.name(), colour.getValue());
					String hash = Hashes.sha256Hex(png);
					media.put(hash, "png", "image/png", png);
					images.put(kind.slug() + "/" + colour.getKey(), new Image(hash));
				}
			}
			departmentIndex++;
		}
		return images;
	}

	private static byte[] draw(int shape, String label, Color colour) {
		int size = Image.SIZE;
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setPaint(new GradientPaint(0, 0, colour.brighter(), size, size, colour.darker()));
			g.fillRect(0, 0, size, size);
			g.setColor(new Color(255, 255, 255, 200));
			g.setStroke(new BasicStroke(6));
			int m = size / 5;
			switch (shape) {
				case 0 -> g.drawOval(m, m, size - 2 * m, size - 2 * m);
				case 1 -> g.drawRoundRect(m, m, size - 2 * m, size - 2 * m, 30, 30);
				case 2 -> g.drawPolygon(new int[] { size / 2, size - m, m }, new int[] { m, size - m, size - m }, 3);
				case 3 -> g.drawLine(m, size - m, size - m, m);
				default -> g.drawRect(m, m, size - 2 * m, size - 2 * m);
			}
			// No text: fonts may be missing on a server, and shapes need none. Stripes
			// tell kinds apart.
			int stripes = 1 + Math.floorMod(label.hashCode(), 4);
			for (int s = 0; s < stripes; s++) {
				g.fillRect(m + s * 18, size - m / 2 - 8, 10, 8);
			}
		}
		finally {
			g.dispose();
		}
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
