package io.bodega.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends exact bytes to the server over a plain socket and reads the whole answer: for
 * requests that a proper HTTP client refuses to send (bad encodings, illegal characters,
 * huge or duplicate headers, unknown methods or protocols). Every request should say
 * {@code Connection: close}, so the answer ends where the connection does.
 */
public final class RawHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The methods an OpenAPI document can describe. */
	private static final Set<String> DOCUMENTED_METHODS = Set.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD",
			"PATCH", "TRACE");

	private RawHttp() {
	}

	/**
	 * Sends {@code request} as it is (ISO-8859-1, so every char below 256 is one byte).
	 */
	public static Answer send(int port, String request) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
	}

	public static Answer send(int port, byte[] request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
				.equals("HEAD ");
			Answer answer = parse(readAll(socket.getInputStream()), head);
			checkAgainstTheDocument(port, request, answer);
			return answer;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * An answer to a request for {@code /api/...} goes through {@link ApiDocumentCheck}
	 * like those of {@link Http}: whatever bytes arrived, the server's answer must be one
	 * the document declares. A request line too broken to name a method and a path, or a
	 * method HTTP has but the document cannot, may only be refused.
	 */
	private static void checkAgainstTheDocument(int port, byte[] request, Answer answer) {
		String head = new String(request, StandardCharsets.ISO_8859_1).split("\r?\n", 2)[0];
		String[] requestLine = head.split(" ", 3);
		if (requestLine.length < 2 || !requestLine[1].startsWith("/api/")) {
			return;
		}
		if (!DOCUMENTED_METHODS.contains(requestLine[0])) {
			if (answer.status() < 400) {
				throw new AssertionError(head + " was not refused:\n" + answer);
			}
			return;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		answer.headerFields().forEach(h -> headers.computeIfAbsent(h[0], name -> new ArrayList<>()).add(h[1]));
		ApiDocumentCheck.check("http://127.0.0.1:" + port, requestLine[0], requestLine[1],
				new Http.Response(answer.status(), headers, answer.body()));
	}

	/**
	 * Everything the server sent until it closed. A server that refuses a request may
	 * close while part of it is still unread, and the peer then resets the connection:
	 * what arrived before the reset is the answer.
	 */
	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) >= 0;) {
				all.write(buffer, 0, n);
			}
		}
		catch (SocketException reset) {
			if (all.size() == 0) {
				throw reset;
			}
		}
		return all.toByteArray();
	}

	private static Answer parse(byte[] raw, boolean head) {
		int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
		if (end < 0) {
			throw new AssertionError("No complete answer head in: " + new String(raw, StandardCharsets.ISO_8859_1));
		}
		String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		List<String[]> headers = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.add(new String[] { lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip() });
		}
		byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
		Answer answer = new Answer(statusLine[0], Integer.parseInt(statusLine[1]), headers, new byte[0]);
		if (head) {
			return answer;
		}
		byte[] body = answer.header("Transfer-Encoding").filter("chunked"::equalsIgnoreCase).isPresent() ? dechunk(rest)
				: answer.header("Content-Length")
					.map(length -> Arrays.copyOf(rest, Integer.parseInt(length)))
					.orElse(rest);
		return new Answer(answer.protocol(), answer.status(), headers, body);
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (true) {
			int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
			String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
			int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
			if (size == 0) {
				return body.toByteArray();
			}
			body.write(chunked, lineEnd + 2, size);
			at = lineEnd + 2 + size + 2;
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		outer: for (int i = from; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * A whole answer: status line, headers in the order sent (names as sent), and the
	 * body without chunking.
	 */
	public record Answer(String protocol, int status, List<String[]> headerFields, byte[] body) {

		public Optional<String> header(String name) {
			return headers(name).stream().findFirst();
		}

		public List<String> headers(String name) {
			return headerFields.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
		}

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return JSON.readTree(body);
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(protocol).append(' ').append(status);
			headerFields.forEach(h -> text.append("\n").append(h[0]).append(": ").append(h[1]));
			String body = text();
			return text.append("\n\n").append(body.length() > 2000 ? body.substring(0, 2000) + "..." : body).toString();
		}

		/**
		 * Whether the body looks like an HTML page (such as a servlet container's own
		 * error page).
		 */
		public boolean looksLikeHtml() {
			String lower = text().toLowerCase(Locale.ROOT);
			return lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<body");
		}
	}

}
