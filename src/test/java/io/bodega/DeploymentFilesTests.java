package io.bodega;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The production files (Dockerfile, deploy/) cannot be run on the development machines:
 * there is no Docker engine or Kubernetes cluster. What can be checked without one is
 * checked here: every manifest parses and the manifests agree with each other, the probes
 * and port are ones this server answers, every variable they name is one Bodega reads,
 * the grace period covers the drain and the shutdown, and the balancers set
 * X-Forwarded-For rather than append to it.
 */
class DeploymentFilesTests extends ApiTest {

	private static final Path KUBERNETES = Path.of("deploy/kubernetes");

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static final Path HAPROXY = Path.of("deploy/haproxy/haproxy.cfg");

	private static final Path NGINX = Path.of("deploy/nginx/bodega.conf");

	private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

	/**
	 * Files that name Bodega's variables to operators: each name must be one Bodega
	 * reads.
	 */
	private static final List<Path> NAMING_VARIABLES = List.of(DOCKERFILE, HAPROXY, NGINX, Path.of("deploy/README.md"),
			Path.of("docs/OPERATIONS.md"));

	private static final Pattern VARIABLE = Pattern.compile("\\b(BODEGA_[A-Z0-9_]*[A-Z0-9]|SERVER_PORT)\\b");

	/** One parsed YAML document and the file it came from. */
	private record Manifest(Path file, Map<String, Object> body) {

		String kind() {
			return (String) body.get("kind");
		}

		String name() {
			return (String) map(body, "metadata").get("name");
		}
	}

	@Test
	void everyManifestParsesAndTheFilesHoldEachKindOnce() throws IOException {
		List<Manifest> manifests = manifests();
		for (Manifest manifest : manifests) {
			assertThat(manifest.body()).as(manifest.file().toString()).containsKeys("apiVersion", "kind");
			if (!manifest.kind().equals("Kustomization")) {
				assertThat(manifest.name()).as(manifest.file() + " metadata.name").isNotBlank();
			}
		}
		assertThat(manifests).extracting(Manifest::kind)
			.containsExactlyInAnyOrder("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Kustomization",
					"PodDisruptionBudget", "Secret", "Service");
		assertThat(one("HorizontalPodAutoscaler").body().get("apiVersion")).isEqualTo("autoscaling/v2");
	}

	@Test
	void kustomizationAppliesEveryManifestButTheExampleSecret() throws IOException {
		Set<String> files = new TreeSet<>();
		try (Stream<Path> listing = Files.list(KUBERNETES)) {
			listing.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")
						&& !name.endsWith(".example.yaml"))
				.forEach(files::add);
		}
		assertThat(list(one("Kustomization").body(), "resources")).containsExactlyInAnyOrderElementsOf(files);
		assertThat(one("Secret").file().getFileName().toString()).endsWith(".example.yaml");
	}

	@Test
	void secretHoldsOnlyPlaceholdersThatBodegaRefuses() throws IOException {
		Map<String, Object> values = map(one("Secret").body(), "stringData");
		assertThat(values).containsKeys("BODEGA_SECRET_KEY", "BODEGA_DB_PASSWORD");
		// Shorter than the 24 characters BODEGA_METRICS_TOKEN and the 32
		// BODEGA_SECRET_KEY need at least: a node given
		// the example as it stands refuses to start.
		assertThat(values.values()).allSatisfy(value -> assertThat(value).isEqualTo("REPLACE-ME"));
	}

	@Test
	void manifestsReferToEachOther() throws IOException {
		Manifest deployment = one("Deployment");
		Map<String, Object> template = map(deployment.body(), "spec", "template");
		Map<String, Object> podLabels = map(template, "metadata", "labels");
		assertThat(map(deployment.body(), "spec", "selector", "matchLabels")).isEqualTo(podLabels);
		assertThat(map(one("Service").body(), "spec", "selector")).isEqualTo(podLabels);
		assertThat(map(one("PodDisruptionBudget").body(), "spec", "selector", "matchLabels")).isEqualTo(podLabels);

		Map<String, Object> target = map(one("HorizontalPodAutoscaler").body(), "spec", "scaleTargetRef");
		assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", deployment.name());
		Map<String, Object> hpa = map(one("HorizontalPodAutoscaler").body(), "spec");
		assertThat((Integer) hpa.get("minReplicas")).isEqualTo(map(deployment.body(), "spec").get("replicas"))
			.isEqualTo(3);
		assertThat(map(one("PodDisruptionBudget").body(), "spec").get("maxUnavailable")).isEqualTo(1);

		Map<String, Object> container = container();
		List<Object> sources = list(container, "envFrom");
		assertThat(sources).extracting(source -> map(source).keySet())
			.containsExactlyInAnyOrder(Set.of("configMapRef"), Set.of("secretRef"));
		for (Object source : sources) {
			String kind = map(source).containsKey("configMapRef") ? "ConfigMap" : "Secret";
			assertThat(map(source, kind.equals("ConfigMap") ? "configMapRef" : "secretRef").get("name"))
				.isEqualTo(one(kind).name());
		}

		String portName = (String) map(list(container, "ports").getFirst()).get("name");
		Map<String, Object> servicePort = map(list(map(one("Service").body(), "spec"), "ports").getFirst());
		assertThat(servicePort.get("targetPort")).isEqualTo(portName);
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			assertThat(map(container, probe, "httpGet").get("port")).as(probe).isEqualTo(portName);
		}
	}

	@Test
	void portAndProbesAreOnesBodegaServes() throws IOException {
		int port = Integer.parseInt(applicationYamlDefault("SERVER_PORT"));
		Map<String, Object> container = container();
		assertThat(map(list(container, "ports").getFirst()).get("containerPort")).isEqualTo(port);
		assertThat(Files.readString(DOCKERFILE)).containsPattern("(?m)^EXPOSE " + port + "$");

		assertThat(map(container, "readinessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/readiness");
		assertThat(map(container, "livenessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/liveness");
		List<String> paths = new ArrayList<>();
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			paths.add((String) map(container, probe, "httpGet").get("path"));
		}
		paths.add(haproxyCheckPath());
		for (String path : paths) {
			assertThat(http().get(path).send().status()).as("GET " + path).isEqualTo(200);
		}
	}

	@Test
	void everyVariableTheFilesNameIsOneBodegaReads() throws IOException {
		Map<String, Path> named = new LinkedHashMap<>();
		List<Path> files = new ArrayList<>(NAMING_VARIABLES);
		try (Stream<Path> manifests = Files.list(KUBERNETES)) {
			manifests.sorted().forEach(files::add);
		}
		for (Path file : files) {
			names(Files.readString(file)).forEach(name -> named.putIfAbsent(name, file));
		}
		assertThat(named).containsKeys("BODEGA_DB_URL", "BODEGA_SECRET_KEY", "BODEGA_SHUTDOWN_DRAIN");
		Set<String> read = variablesBodegaReads();
		Map<String, Path> unknown = new LinkedHashMap<>(named);
		unknown.keySet().removeAll(read);
		assertThat(unknown).as("variables named in the production files that Bodega does not read (where named)")
			.isEmpty();
	}

	@Test
	void theOnlyOtherVariableTheDeploymentSetsIsTheImagesJavaOptions() throws IOException {
		String dockerfile = Files.readString(DOCKERFILE);
		for (Object variable : list(container(), "env")) {
			String name = (String) map(variable).get("name");
			assertThat(name).isEqualTo("JAVA_OPTS");
			assertThat(dockerfile).contains("$" + name);
			assertThat(map(variable).get("value")).isEqualTo(dockerfileJavaOptions(dockerfile));
		}
	}

	@Test
	void podRunsAsTheImagesUserWithRoomBesideTheHeap() throws IOException {
		Map<String, Object> security = map(map(one("Deployment").body(), "spec", "template"), "spec",
				"securityContext");
		assertThat(security.get("runAsNonRoot")).isEqualTo(true);
		assertThat(Files.readString(DOCKERFILE)).contains("--uid " + security.get("runAsUser"))
			.containsPattern("(?m)^USER bodega$");

		Map<String, Object> resources = map(container(), "resources");
		assertThat(map(resources, "requests").get("memory")).isEqualTo(map(resources, "limits").get("memory"));
		long limit = mebibytes((String) map(resources, "limits").get("memory"));
		Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
			.matcher(dockerfileJavaOptions(Files.readString(DOCKERFILE)));
		assertThat(percentage.find()).isTrue();
		long heap = limit * Integer.parseInt(percentage.group(1)) / 100;
		// What a JVM holds besides its heap (metaspace, code, threads, the AOT cache)
		// measured ~250 MiB under load.
		assertThat(limit - heap).as("MiB left beside a heap of " + heap + " MiB").isGreaterThanOrEqualTo(300);
	}

	@Test
	void theServersUserCannotChangeTheApplicationOrItsAotCache() throws IOException {
		String dockerfile = configLines(DOCKERFILE);
		int runtimeStage = dockerfile.lastIndexOf("\nFROM ");
		String build = dockerfile.substring(0, runtimeStage);
		String runtime = dockerfile.substring(runtimeStage);
		// COPY --from keeps the build stage's modes and makes root the owner (no --chown
		// anywhere).
		assertThat(build).containsPattern("(?m)extract --destination /app \\\\\n\\s*&& chmod -R a=rX,u\\+w /app$");
		assertThat(dockerfile).doesNotContain("--chown").doesNotContainPattern("install [^\n]*-o bodega[^\n]*/app");
		assertThat(runtime).contains("install -d -o root -g root -m 0755 /app/aot");

		Matcher cache = Pattern.compile("-XX:AOTCache=(\\S+)").matcher(runtime);
		assertThat(cache.find()).as("-XX:AOTCache=<file> in the ENTRYPOINT").isTrue();
		Matcher output = Pattern.compile("-XX:AOTCacheOutput=(\\S+)").matcher(runtime);
		assertThat(output.find()).as("-XX:AOTCacheOutput=<file> in the training run").isTrue();
		assertThat(output.group(1)).as("the training's output, written as bodega").doesNotStartWith("/app/");
		String install = "install -o root -g root -m 0444 " + output.group(1) + " " + cache.group(1);
		assertThat(runtime).contains(install);
		// Trained as bodega inside a step that runs as root, which then installs the
		// cache; bodega only afterwards.
		assertThat(runtime).containsPattern("setpriv --reuid=bodega --regid=bodega --clear-groups ");
		assertThat(runtime.indexOf(install)).isLessThan(runtime.indexOf("\nUSER bodega\n"));
		assertThat(runtime.substring(0, runtime.indexOf(install))).doesNotContainPattern("(?m)^USER ");
	}

	@Test
	void kubernetesTrustsOnlyTheIngressControllerForForwardedHeaders() throws IOException {
		String trusted = (String) map(one("ConfigMap").body(), "data").get("BODEGA_TRUSTED_PROXIES");
		// A placeholder that Bodega refuses at start-up (TrustedProxiesTests), never a
		// pod network an operator would
		// keep as it stands.
		assertThat(trusted).startsWith("REPLACE-ME").doesNotContain("/").doesNotContainPattern("[0-9]+\\.[0-9]+");
		assertThat(Files.readString(KUBERNETES.resolve("configmap.yaml"))).contains("ingress controller's addresses")
			.contains("Not the whole pod network");
	}

	@Test
	void gracePeriodOutlastsTheDrainAndTheShutdown() throws IOException {
		Duration drain = DurationStyle
			.detectAndParse((String) map(one("ConfigMap").body(), "data").get("BODEGA_SHUTDOWN_DRAIN"));
		Duration shutdown = DurationStyle.detectAndParse(applicationYamlValue("timeout-per-shutdown-phase"));
		Object grace = map(one("Deployment").body(), "spec", "template", "spec").get("terminationGracePeriodSeconds");
		assertThat(Duration.ofSeconds((Integer) grace)).isGreaterThan(drain.plus(shutdown));

		// HAProxy must take a draining node out (inter x fall) before it stops accepting.
		Matcher check = Pattern.compile("(?m)^\\s*default-server .*\\binter (\\d+)s .*\\bfall (\\d+)\\b")
			.matcher(configLines(HAPROXY));
		assertThat(check.find()).as("default-server inter Ns ... fall N").isTrue();
		assertThat(Duration.ofSeconds(Long.parseLong(check.group(1)) * Long.parseLong(check.group(2))))
			.isLessThan(drain);
	}

	@Test
	void haproxySetsForwardedForAndChecksReadiness() throws IOException {
		String config = configLines(HAPROXY);
		assertThat(config).contains("http-request set-header X-Forwarded-For %[src]")
			.doesNotContain("option forwardfor")
			.doesNotContainPattern("add-header X-Forwarded-For")
			.contains("http-request set-header X-Forwarded-Proto https if { ssl_fc }")
			.contains("http-request set-header X-Forwarded-Proto http if !{ ssl_fc }")
			.contains("http-check expect status 200");
		assertThat(haproxyCheckPath()).isEqualTo("/actuator/health/readiness");
		assertThat(config).containsPattern("(?m)^\\s*server \\S+ \\S+:8080 check$");
		// A POST without an Idempotency-Key that reached a node is never sent to another.
		assertThat(config)
			.contains("http-request disable-l7-retry if !{ method GET HEAD } !{ req.hdr(idempotency-key) -m found }");
	}

	@Test
	void haproxyAcceptsTheConfiguration() throws Exception {
		boolean installed = Stream.of(System.getenv("PATH").split(":"))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, "haproxy")));
		if (!installed && "true".equals(System.getenv("CI"))) {
			fail("haproxy is not installed: CI installs it (apt-get install haproxy) to check deploy/haproxy/haproxy.cfg");
		}
		assumeTrue(installed, "haproxy is not installed (apt-get install haproxy): its configuration check is skipped");
		Process check = new ProcessBuilder("haproxy", "-c", "-f", HAPROXY.toString()).redirectErrorStream(true).start();
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).doesNotContainIgnoringCase("warning");
	}

	@Test
	void nginxSetsForwardedForToThePeerAndNeverRetriesPosts() throws IOException {
		String config = configLines(NGINX);
		assertThat(config).contains("proxy_set_header X-Forwarded-For $remote_addr;")
			.doesNotContain("$proxy_add_x_forwarded_for")
			.contains("proxy_set_header X-Forwarded-Proto $scheme;")
			.containsPattern("(?m)^\\s*proxy_next_upstream error timeout;$")
			.doesNotContain("non_idempotent");
		assertThat(config).containsPattern("(?m)^\\s*server \\S+:8080 max_fails=\\d+ fail_timeout=\\d+s;$");
	}

	/**
	 * What Bodega reads from the environment: the {@code ${NAME:default}} placeholders of
	 * application.yaml, and the few variables code reads itself
	 * ({@code getProperty("BODEGA_...")}) because they matter before the configuration is
	 * bound, such as {@code BODEGA_LOG_FORMAT}.
	 */
	private static Set<String> variablesBodegaReads() throws IOException {
		Set<String> read = new TreeSet<>();
		Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):").matcher(Files.readString(APPLICATION_YAML));
		while (placeholder.find()) {
			read.add(placeholder.group(1));
		}
		Pattern direct = Pattern.compile("getProperty\\(\"([A-Z][A-Z0-9_]*)\"");
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter(file -> file.toString().endsWith(".java")).toList()) {
				Matcher matcher = direct.matcher(Files.readString(source));
				while (matcher.find()) {
					read.add(matcher.group(1));
				}
			}
		}
		return read;
	}

	private static Set<String> names(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * The default application.yaml gives a variable, as in {@code ${SERVER_PORT:8080}}.
	 */
	private static String applicationYamlDefault(String variable) throws IOException {
		Matcher matcher = Pattern.compile("\\$\\{" + variable + ":([^}]*)}")
			.matcher(Files.readString(APPLICATION_YAML));
		assertThat(matcher.find()).as(variable + " in application.yaml").isTrue();
		return matcher.group(1);
	}

	/**
	 * The value of a key that appears once in application.yaml, such as
	 * {@code timeout-per-shutdown-phase: 20s}.
	 */
	private static String applicationYamlValue(String key) throws IOException {
		Matcher matcher = Pattern.compile("(?m)^\\s*" + key + ":\\s*(\\S+)\\s*$")
			.matcher(Files.readString(APPLICATION_YAML));
		assertThat(matcher.find()).as(key + " in application.yaml").isTrue();
		return matcher.group(1);
	}

	private static String haproxyCheckPath() throws IOException {
		Matcher matcher = Pattern.compile("(?m)^\\s*option httpchk GET (\\S+)$").matcher(configLines(HAPROXY));
		assertThat(matcher.find()).as("option httpchk GET <path> in " + HAPROXY).isTrue();
		return matcher.group(1);
	}

	private static String dockerfileJavaOptions(String dockerfile) {
		Matcher matcher = Pattern.compile("ENV JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
		assertThat(matcher.find()).as("ENV JAVA_OPTS=\"...\" in the Dockerfile").isTrue();
		return matcher.group(1);
	}

	/**
	 * A configuration file without its comments, so that what the text says is what the
	 * balancer does.
	 */
	private static String configLines(Path file) throws IOException {
		StringBuilder lines = new StringBuilder();
		for (String line : Files.readAllLines(file)) {
			int comment = line.indexOf('#');
			String code = (comment < 0 ? line : line.substring(0, comment)).stripTrailing();
			if (!code.isBlank()) {
				lines.append(code).append('\n');
			}
		}
		return lines.toString();
	}

	private static List<Manifest> manifests() throws IOException {
		List<Manifest> manifests = new ArrayList<>();
		try (Stream<Path> files = Files.list(KUBERNETES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
						if (document != null) {
							manifests.add(new Manifest(file, map(document)));
						}
					}
				}
			}
		}
		assertThat(manifests).as("manifests in " + KUBERNETES).isNotEmpty();
		return manifests;
	}

	private static Manifest one(String kind) throws IOException {
		List<Manifest> found = manifests().stream().filter(manifest -> kind.equals(manifest.kind())).toList();
		assertThat(found).as(kind).hasSize(1);
		return found.getFirst();
	}

	private static Map<String, Object> container() throws IOException {
		List<Object> containers = list(map(one("Deployment").body(), "spec", "template", "spec"), "containers");
		assertThat(containers).hasSize(1);
		return map(containers.getFirst());
	}

	/** A memory quantity such as {@code 1536Mi} or {@code 2Gi} in MiB. */
	private static long mebibytes(String quantity) {
		if (quantity.endsWith("Gi")) {
			return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
		}
		assertThat(quantity).endsWith("Mi");
		return Long.parseLong(quantity.substring(0, quantity.length() - 2));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
		}
		assertThat(current).as(String.join(".", path)).isInstanceOf(Map.class);
		return (Map<String, Object>) current;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> node, String key) {
		assertThat(node.get(key)).as(key).isInstanceOf(List.class);
		return (List<Object>) node.get(key);
	}

}
