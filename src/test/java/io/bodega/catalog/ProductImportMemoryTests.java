package io.bodega.catalog;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bodega.BodegaApplication;
import io.bodega.testing.ApiTestBase;
import io.bodega.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import file as large as the body limit allows, built to cost the most memory,
 * against a node with a small heap that exits when it runs out (as the Kubernetes example
 * runs it): the node must refuse the file and keep serving. The node is a child JVM
 * started from the test's class path, so its heap is its own.
 */
class ProductImportMemoryTests {

	private static final String IMPORT = "/api/v1/admin/products/import";

	private static Process node;

	private static Path dataDir;

	private static Path log;

	private static Http http;

	@BeforeAll
	static void startSmallNode() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		dataDir = Files.createTempDirectory("bodega-import-memory");
		log = Path.of("target", "import-memory-node.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), BodegaApplication.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("BODEGA_DATA_DIR", dataDir.toString());
		env.put("BODEGA_ADMIN_EMAIL", ApiTestBase.ADMIN_EMAIL);
		env.put("BODEGA_ADMIN_PASSWORD", ApiTestBase.ADMIN_PASSWORD);
		env.put("BODEGA_DEMO_DATA", "false");
		node = builder.start();
		http = new Http(port);
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(ProductImportMemoryTests::up);
	}

	@AfterAll
	static void stopNode() throws InterruptedException, IOException {
		if (node != null) {
			node.destroy();
			if (!node.waitFor(60, TimeUnit.SECONDS)) {
				node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		FileSystemUtils.deleteRecursively(dataDir);
	}

	@Test
	void refusesTheCostliestFilesAndKeepsServing() {
		String token = http.post("/api/v1/auth/login")
			.json(Map.of("email", ApiTestBase.ADMIN_EMAIL, "password", ApiTestBase.ADMIN_PASSWORD))
			.send()
			.json()
			.path("token")
			.asString();

		// Ten million empty columns in the header, just under the 10 MiB body limit.
		byte[] wide = ("slug,sku" + ",".repeat(10_000_000)).getBytes(StandardCharsets.UTF_8);
		Http.Response wideAnswer = http.post(IMPORT + "?dryRun=true").bearer(token).body("text/csv", wide).send();
		assertThat(wideAnswer.status()).as(wideAnswer.toString()).isBetween(400, 499);
		assertThat(wideAnswer.json().path("errors").get(0).path("message").asString())
			.startsWith("has more than 64 columns");
		assertThat(alive()).as("the node answered the wide header and still serves").isTrue();

		// The same with semicolons, as a spreadsheet in a decimal-comma language would
		// separate them.
		byte[] semicolons = ("slug;sku" + ";".repeat(10_000_000)).getBytes(StandardCharsets.UTF_8);
		Http.Response semicolonAnswer = http.post(IMPORT + "?dryRun=true")
			.bearer(token)
			.body("text/csv", semicolons)
			.send();
		assertThat(semicolonAnswer.status()).as(semicolonAnswer.toString()).isBetween(400, 499);
		assertThat(alive()).as("the node answered the semicolon header and still serves").isTrue();

		// Two files of five million tiny rows at once, each row one value short.
		byte[] tall = ("slug,sku\n" + "x\n".repeat(5_000_000)).getBytes(StandardCharsets.UTF_8);
		List<CompletableFuture<Http.Response>> answers = List.of(
				CompletableFuture.supplyAsync(() -> http.post(IMPORT).bearer(token).body("text/csv", tall).send()),
				CompletableFuture.supplyAsync(() -> http.post(IMPORT).bearer(token).body("text/csv", tall).send()));
		for (CompletableFuture<Http.Response> answer : answers) {
			Http.Response tallAnswer = answer.join();
			assertThat(tallAnswer.status()).as(tallAnswer.toString()).isBetween(400, 499);
		}
		assertThat(alive()).as("the node answered both tall files and still serves").isTrue();
	}

	private static boolean alive() {
		return node.isAlive() && up();
	}

	private static boolean up() {
		if (!node.isAlive()) {
			throw new AssertionError("the node exited (" + node.exitValue() + "); see " + log.toAbsolutePath());
		}
		try {
			Http.Response health = http.get("/actuator/health").send();
			return health.status() == 200 && health.json().path("status").asString().equals("UP");
		}
		catch (RuntimeException e) {
			return false;
		}
	}

}
