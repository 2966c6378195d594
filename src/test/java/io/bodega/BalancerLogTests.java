package io.bodega;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example balancers log every request's path without its query: a guest's order token
 * may be in the query (?token=, deprecated but still taken), and balancer logs are kept
 * and read far more widely than the shop's database. {@code haproxy -c} runs in
 * DeploymentFilesTests; {@code nginx -t} is run by hand (it needs a whole nginx.conf).
 */
class BalancerLogTests {

	private static final Path HAPROXY = Path.of("deploy/haproxy/haproxy.cfg");

	private static final Path NGINX = Path.of("deploy/nginx/bodega.conf");

	/**
	 * nginx variables that carry the query: $request (the whole request line),
	 * $request_uri, $args, $arg_*.
	 */
	private static final Pattern NGINX_QUERY = Pattern
		.compile("\\$(request|request_uri|args|query_string|arg_\\w+)\\b");

	@Test
	void nginxLogsEveryRequestWithoutItsQuery() throws IOException {
		String config = withoutComments(NGINX);
		List<String> formats = matches(config, "(?s)log_format\\s+\\S+\\s+([^;]*);");
		assertThat(formats).as("log_format in " + NGINX).isNotEmpty();
		Matcher format = Pattern.compile("(?s)log_format\\s+bodega\\s+([^;]*);").matcher(config);
		assertThat(format.find()).as("log_format bodega").isTrue();
		assertThat(format.group(1)).contains("$uri").doesNotContainPattern(NGINX_QUERY.pattern());
		assertThat(formats).allSatisfy(f -> assertThat(f).doesNotContainPattern(NGINX_QUERY.pattern()));

		List<String> logs = matches(config, "access_log\\s+([^;]*);");
		assertThat(logs).as("an access_log for the whole server").isNotEmpty();
		assertThat(logs).allSatisfy(log -> assertThat(log).matches("off|\\S+ bodega"));
		String server = config.substring(config.indexOf("server {"));
		assertThat(server.substring(0, server.indexOf("location")))
			.as("the server's own access_log, which its locations inherit")
			.containsPattern("access_log\\s+\\S+\\s+bodega;");
	}

	@Test
	void haproxyLogsEveryRequestWithoutItsQuery() throws IOException {
		String config = withoutComments(HAPROXY);
		List<String> formats = matches(config, "(?m)^\\s*log-format\\s+(.*)$");
		assertThat(formats).as("a log-format of its own, not httplog's, which has the query").hasSize(1);
		// %r and %HU are the request line and its URI, both with the query; %HQ is the
		// query itself
		assertThat(formats.getFirst()).doesNotContainPattern("%(\\{[^}]*})?(r|HU|HQ)\\b")
			.contains("%[var(txn.logged_path)]");
		assertThat(config).containsPattern("(?m)^\\s*http-request set-var\\(txn.logged_path\\) path$")
			.doesNotContainPattern("set-var\\(txn\\.\\w+\\) (url|query)");
	}

	private static String withoutComments(Path file) throws IOException {
		return Files.readString(file).replaceAll("(?m)#.*$", "");
	}

	private static List<String> matches(String text, String regex) {
		return Pattern.compile(regex).matcher(text).results().map(result -> result.group(1)).toList();
	}

}
