package io.bodega.client;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import io.bodega.client.api.AccountsApi;
import io.bodega.client.api.AdminCatalogApi;
import io.bodega.client.api.AdminInventoryApi;
import io.bodega.client.api.AdminOrdersApi;
import io.bodega.client.api.CartApi;
import io.bodega.client.api.CatalogApi;
import io.bodega.client.api.OrdersApi;
import io.bodega.client.api.PaymentsApi;
import io.bodega.client.model.Account;
import io.bodega.client.model.AddItem;
import io.bodega.client.model.AddressBody;
import io.bodega.client.model.Cart;
import io.bodega.client.model.CheckoutRequest;
import io.bodega.client.model.CreateProduct;
import io.bodega.client.model.LoginRequest;
import io.bodega.client.model.LoginResponse;
import io.bodega.client.model.Money;
import io.bodega.client.model.MoneyBody;
import io.bodega.client.model.Order;
import io.bodega.client.model.Payment;
import io.bodega.client.model.PaymentRequest;
import io.bodega.client.model.Product;
import io.bodega.client.model.ProductImage;
import io.bodega.client.model.ProductPage;
import io.bodega.client.model.ProductSummary;
import io.bodega.client.model.RegisterRequest;
import io.bodega.client.model.SetStock;
import io.bodega.client.model.Shipment;
import io.bodega.client.model.StockLevel;
import io.bodega.client.model.Variant;
import io.bodega.client.model.VariantBody;
import io.bodega.client.model.VerifyEmailRequest;
import io.bodega.testing.ApiTest;
import io.bodega.testing.CheckedHttpClient;
import io.bodega.testing.TestMailbox;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.File;

/**
 * Two whole journeys driven by the Java client that openapi-generator builds from the
 * committed {@code docs/openapi.json} at build time (package {@code io.bodega.client}):
 * every request to the API goes through that generated client, none is written by hand.
 * They prove a client made from the published document alone can shop and run the shop:
 * its operations, parameters, bodies (JSON and multipart), security and answers fit the
 * server. Only the verification token is read from the mail the server sends.
 */
class GeneratedClientJourneyTests extends ApiTest {

	private static final String GOOD_CARD = "4242424242424242";

	@TempDir
	Path files;

	/**
	 * A shopper registers, verifies the e-mail with the mailed token, signs in, finds a
	 * product by category with the in-stock filter, reads it, fills a cart, checks out
	 * signed in and pays with the test card: the order is paid with the totals the cart
	 * showed.
	 */
	@Test
	void aShopperSignsUpFindsAProductAndPaysForIt() throws Exception {
		String category = uniqueWord();
		String sku = uniqueSku();
		AdminCatalogApi catalogAdmin = new AdminCatalogApi(signedIn(ADMIN_EMAIL, ADMIN_PASSWORD));
		catalogAdmin.createProduct(product("Lamp " + category, category, variant(sku, 1250, 10)));
		catalogAdmin.createProduct(product("Sold-out lamp " + category, category, variant(uniqueSku(), 900, 0)));

		String email = uniqueEmail();
		AccountsApi guestAccounts = new AccountsApi(anonymous());
		Account registered = guestAccounts
			.register(new RegisterRequest().email(email).password(GOOD_PASSWORD).name("Ann Generated"));
		assertThat(registered.getEmail()).isEqualTo(email);
		assertThat(registered.getEmailVerified()).isFalse();
		assertThat(registered.getRoles()).containsExactly("customer");

		String verification = TestMailbox.awaitLatest(email, 1).token();
		guestAccounts.verifyEmail(new VerifyEmailRequest().token(verification));

		LoginResponse login = guestAccounts.login(new LoginRequest().email(email).password(GOOD_PASSWORD));
		assertThat(login.getUser().getEmailVerified()).isTrue();
		ApiClient shopper = withBearer(login.getToken());
		assertThat(new AccountsApi(shopper).getCurrentUser().getEmail()).isEqualTo(email);

		CatalogApi catalog = new CatalogApi(shopper);
		ProductPage everything = catalog.listProducts(null, category, null, null, null, null, null, null);
		assertThat(everything.getItems()).extracting(ProductSummary::getTitle)
			.containsExactlyInAnyOrder("Lamp " + category, "Sold-out lamp " + category);
		ProductPage inStock = catalog.listProducts(null, category, null, null, true, "price_asc", 10, null);
		assertThat(inStock.getItems()).extracting(ProductSummary::getTitle).containsExactly("Lamp " + category);
		assertThat(inStock.getFacets()).as("facets come with the first page").isNotNull();
		ProductSummary found = inStock.getItems().getFirst();
		assertThat(found.getPrice()).isEqualTo(eur(1250));
		assertThat(found.getAvailable()).isEqualTo(10);

		Product product = catalog.getProduct(found.getSlug(), null);
		assertThat(product.getId()).isEqualTo(found.getId());
		assertThat(product.getVariants()).extracting(Variant::getSku).containsExactly(sku);

		CartApi carts = new CartApi(shopper);
		Cart cart = carts.createCart();
		cart = carts.addCartItem(cart.getId(), new AddItem().sku(sku).quantity(2));
		assertThat(cart.getItems()).singleElement().satisfies(line -> {
			assertThat(line.getQuantity()).isEqualTo(2);
			assertThat(line.getLineTotal()).isEqualTo(eur(2500));
		});
		assertThat(cart.getTotals().getSubtotal()).isEqualTo(eur(2500));
		assertThat(cart.getTotals().getTax()).as("19 %").isEqualTo(eur(475));
		assertThat(cart.getTotals().getShipping()).as("under 50.00").isEqualTo(eur(495));
		assertThat(cart.getTotals().getTotal()).isEqualTo(eur(3470));

		OrdersApi orders = new OrdersApi(shopper);
		Order placed = orders.checkout(UUID.randomUUID().toString(),
				new CheckoutRequest().cartId(cart.getId()).shippingAddress(address()));
		assertThat(placed.getStatus()).isEqualTo("pending_payment");
		assertThat(placed.getEmail()).isEqualTo(email);
		assertThat(placed.getTotals().getTotal()).isEqualTo(eur(3470));
		assertThat(placed.getPaidAt()).isNull();

		Payment payment = new PaymentsApi(shopper).payOrder(placed.getId().toString(), UUID.randomUUID().toString(),
				new PaymentRequest().method("test_card").cardNumber(GOOD_CARD), null, null);
		assertThat(payment.getStatus()).isEqualTo("succeeded");
		assertThat(payment.getCardLast4()).isEqualTo("4242");
		assertThat(payment.getAmount()).isEqualTo(eur(3470));

		Order paid = orders.getOrder(placed.getId().toString(), null, null);
		assertThat(paid.getStatus()).isEqualTo("paid");
		assertThat(paid.getPaidAt()).isNotNull();
		assertThat(paid.getLines()).singleElement().satisfies(line -> {
			assertThat(line.getSku()).isEqualTo(sku);
			assertThat(line.getQuantity()).isEqualTo(2);
		});
		assertThat(orders.listMyOrders(null, null).getItems()).extracting(Order::getId).containsExactly(placed.getId());
	}

	/**
	 * The admin creates a product with variants, adds one, uploads its picture as
	 * multipart and sets a SKU's stock; a guest orders and pays with the order token; the
	 * admin ships the order and refunds it: the stock follows every step, comes back with
	 * the refund, and the payment shows the refund.
	 */
	@Test
	void anAdminStocksAProductThenShipsAndRefundsAPaidOrder() throws Exception {
		ApiClient admin = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
		assertThat(new AccountsApi(admin).getCurrentUser().getRoles()).contains("admin");
		AdminCatalogApi catalogAdmin = new AdminCatalogApi(admin);
		AdminInventoryApi inventory = new AdminInventoryApi(admin);
		String word = uniqueWord();
		String medium = uniqueSku();
		String large = uniqueSku();
		String extraLarge = uniqueSku();

		Product created = catalogAdmin
			.createProduct(product("Coat " + word, word, variant(medium, 1800, 5).putOptionsItem("size", "M"),
					variant(large, 1900, 5).putOptionsItem("size", "L")));
		assertThat(created.getStatus()).isEqualTo("active");
		assertThat(created.getCategories()).containsExactly(word);
		assertThat(created.getVariants()).extracting(Variant::getSku).containsExactlyInAnyOrder(medium, large);
		assertThat(created.getPrice()).as("the lowest variant price").isEqualTo(eur(1800));
		String productId = created.getId().toString();

		Product withThree = catalogAdmin.addVariant(productId,
				variant(extraLarge, 2100, 2).putOptionsItem("size", "XL"), null);
		assertThat(withThree.getVariants()).extracting(Variant::getSku)
			.containsExactlyInAnyOrder(medium, large, extraLarge);
		assertThat(withThree.getVariants()).filteredOn(v -> v.getSku().equals(extraLarge))
			.singleElement()
			.satisfies(v -> assertThat(v.getOptions()).containsEntry("size", "XL"));

		Product pictured = catalogAdmin.uploadProductImage(productId, png(32, 16), null);
		assertThat(pictured.getImages()).singleElement().satisfies(image -> {
			assertThat(image.getUrl()).matches("/media/[0-9a-f]{64}\\.png");
			assertThat(image.getContentType()).isEqualTo("image/png");
			assertThat(image.getWidth()).isEqualTo(32);
			assertThat(image.getHeight()).isEqualTo(16);
		});
		Product shown = new CatalogApi(anonymous()).getProduct(created.getSlug(), null);
		assertThat(shown.getImages()).extracting(ProductImage::getUrl)
			.containsExactly(pictured.getImages().getFirst().getUrl());
		assertThat(shown.getVariants()).hasSize(3);

		assertThat(inventory.setStock(medium, new SetStock().onHand(7).reason("Counted the shelf")))
			.isEqualTo(stock(medium, 7, 0, 7));
		assertThat(inventory.getStock(medium)).isEqualTo(stock(medium, 7, 0, 7));

		ApiClient guest = anonymous();
		CartApi carts = new CartApi(guest);
		Cart cart = carts.createCart();
		carts.addCartItem(cart.getId(), new AddItem().sku(medium).quantity(3));
		Order placed = new OrdersApi(guest).checkout(UUID.randomUUID().toString(),
				new CheckoutRequest().cartId(cart.getId())
					.email("guest-" + word + "@example.com")
					.shippingAddress(address()));
		assertThat(placed.getTotals().getSubtotal()).isEqualTo(eur(5400));
		assertThat(placed.getTotals().getShipping()).as("free from 50.00").isEqualTo(eur(0));
		assertThat(placed.getTotals().getTotal()).isEqualTo(eur(5400 + 1026));
		String orderToken = placed.getOrderToken();
		assertThat(orderToken).as("a guest's order answers its token").isNotBlank();
		String orderId = placed.getId().toString();
		assertThat(inventory.getStock(medium)).as("reserved by checkout").isEqualTo(stock(medium, 7, 3, 4));

		Payment payment = new PaymentsApi(guest).payOrder(orderId, UUID.randomUUID().toString(),
				new PaymentRequest().method("test_card").cardNumber(GOOD_CARD), orderToken, null);
		assertThat(payment.getStatus()).isEqualTo("succeeded");
		assertThat(payment.getAmount()).isEqualTo(placed.getTotals().getTotal());
		assertThat(inventory.getStock(medium)).as("committed by the payment").isEqualTo(stock(medium, 4, 0, 4));

		AdminOrdersApi orders = new AdminOrdersApi(admin);
		assertThat(orders.getAnyOrder(orderId).getStatus()).isEqualTo("paid");
		Order shipped = orders.shipOrder(orderId, new Shipment().carrier("DHL").trackingNumber("JD0042" + word));
		assertThat(shipped.getStatus()).isEqualTo("shipped");
		assertThat(shipped.getCarrier()).isEqualTo("DHL");
		assertThat(shipped.getTrackingNumber()).isEqualTo("JD0042" + word);
		assertThat(shipped.getShippedAt()).isNotNull();

		Order refunded = orders.refundOrder(orderId);
		assertThat(refunded.getStatus()).isEqualTo("refunded");
		assertThat(refunded.getRefundedAt()).isNotNull();
		assertThat(inventory.getStock(medium)).as("back on the shelf").isEqualTo(stock(medium, 7, 0, 7));

		Order seenByGuest = new OrdersApi(guest).getOrder(orderId, orderToken, null);
		assertThat(seenByGuest.getStatus()).isEqualTo("refunded");
		assertThat(seenByGuest.getShippedAt()).isNotNull();
		List<Payment> payments = eventually(() -> orders.listAnyOrderPayments(orderId).getItems(),
				list -> list.size() == 1 && list.getFirst().getRefund() != null);
		assertThat(payments.getFirst().getStatus()).isEqualTo("refunded");
		assertThat(payments.getFirst().getRefund().getAmount()).as("in full").isEqualTo(payment.getAmount());
		assertThat(payments.getFirst().getRefund().getReason()).isEqualTo("order_refunded");
	}

	/**
	 * A generated client of the server under test that signs in nobody. Its mapper is the
	 * generated one, but strict: a field in an answer that the document does not declare
	 * fails the call. Its answers are checked against the served document like those of
	 * every other test ({@link CheckedHttpClient}).
	 */
	private ApiClient anonymous() {
		ObjectMapper strict = ApiClient.createDefaultObjectMapper()
			.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		String base = "http://localhost:" + port;
		ApiClient client = new ApiClient(HttpClient.newBuilder(), strict, base) {
			@Override
			public HttpClient getHttpClient() {
				return new CheckedHttpClient(super.getHttpClient(), base);
			}
		};
		client.setReadTimeout(Duration.ofSeconds(10));
		return client;
	}

	/**
	 * A generated client that sends the given token as the document's {@code bearer}
	 * scheme says. The generator's java.net.http library leaves authentication to the
	 * caller, so it goes in the client's request interceptor.
	 */
	private ApiClient withBearer(String token) {
		return anonymous().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
	}

	/**
	 * Signs in through the generated client and answers a client with the session's
	 * token.
	 */
	private ApiClient signedIn(String email, String password) throws ApiException {
		return withBearer(
				new AccountsApi(anonymous()).login(new LoginRequest().email(email).password(password)).getToken());
	}

	private static CreateProduct product(String title, String category, VariantBody... variants) {
		return new CreateProduct().title(title)
			.description("Made by the generated client")
			.status(CreateProduct.StatusEnum.ACTIVE)
			.categories(List.of(category))
			.variants(List.of(variants));
	}

	private static VariantBody variant(String sku, long price, int stock) {
		return new VariantBody().sku(sku).title(sku).price(new MoneyBody().amount(price).currency("EUR")).stock(stock);
	}

	private static AddressBody address() {
		return new AddressBody().name("Ann Example")
			.line1("Main St 1")
			.city("Berlin")
			.postalCode("10115")
			.country("DE");
	}

	private static Money eur(long amount) {
		return new Money().amount(amount).currency("EUR");
	}

	private static StockLevel stock(String sku, int onHand, int reserved, int available) {
		return new StockLevel().sku(sku).onHand(onHand).reserved(reserved).available(available);
	}

	/** A PNG file of the given size: the generated client uploads files from disk. */
	private File png(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, 0x2E7D32);
		File file = files.resolve("coat.png").toFile();
		ImageIO.write(image, "png", file);
		return file;
	}

	/**
	 * Asks again (up to 10 s) until the answer is as expected: a refund reaches the
	 * payment after the order's.
	 */
	private static <T> T eventually(Callable<T> ask, Predicate<T> expected) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(ask, expected);
	}

}
