package io.bodega.catalog.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The import's body as text, read as it arrives: UTF-8 (a byte order mark at the start is
 * skipped), refused at the first byte that is not, and refused at once when a row has
 * more than {@link #MAX_COLUMNS} columns, before the CSV parser would hold them all. It
 * follows RFC 4180's quoting as the parser does (a quote opens a value only at its start;
 * {@code ""} inside is a quote), so it counts exactly the commas and row ends the parser
 * sees.
 */
final class ProductCsvInput extends Reader {

	/**
	 * Far more than the product CSV's twelve columns; a row with more is not a product
	 * CSV.
	 */
	static final int MAX_COLUMNS = 64;

	private static final String CSV = "csv";

	private final InputStream in;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024).flip();

	private final CharBuffer chars = CharBuffer.allocate(16 * 1024).flip();

	private long offsetOfBuffer;

	private boolean started;

	private boolean ended;

	/**
	 * The decoder has been flushed: it may not decode again, and the parser may ask again
	 * after the end.
	 */
	private boolean done;

	private int lines = 1;

	private int row = 1;

	private int columns = 1;

	private boolean fieldStart = true;

	private boolean quoted;

	private boolean quoteSeen;

	private boolean afterCr;

	ProductCsvInput(InputStream in) {
		this.in = in;
	}

	@Override
	public int read(char[] buffer, int offset, int length) throws IOException {
		if (!chars.hasRemaining() && !fill()) {
			return -1;
		}
		int n = Math.min(length, chars.remaining());
		chars.get(buffer, offset, n);
		for (int i = offset; i < offset + n; i++) {
			follow(buffer[i]);
		}
		return n;
	}

	/** Decodes the next characters; false at the end of the body. */
	private boolean fill() throws IOException {
		if (done) {
			return false;
		}
		chars.clear();
		try {
			while (true) {
				if (started) {
					CoderResult result = decoder.decode(bytes, chars, ended);
					if (result.isError()) {
						throw notUtf8(offsetOfBuffer + bytes.position());
					}
					if (chars.position() > 0) {
						return true;
					}
				}
				if (ended) {
					decoder.flush(chars);
					done = true;
					return chars.position() > 0;
				}
				readBytes();
			}
		}
		finally {
			chars.flip();
		}
	}

	private void readBytes() throws IOException {
		offsetOfBuffer += bytes.position();
		bytes.compact();
		int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
		if (n < 0) {
			ended = true;
		}
		else {
			bytes.position(bytes.position() + n);
		}
		bytes.flip();
		if (!started && (bytes.remaining() >= 3 || ended)) {
			started = true;
			if (bytes.remaining() >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
					&& (bytes.get(2) & 0xFF) == 0xBF) {
				bytes.position(3);
			}
		}
	}

	/**
	 * The line of the bad byte: the lines already handed out, and those decoded before
	 * it.
	 */
	private ProductCsv.Rejected notUtf8(long offset) {
		int line = lines;
		for (int i = 0; i < chars.position(); i++) {
			if (chars.get(i) == '\n') {
				line++;
			}
		}
		return new ProductCsv.Rejected(line, CSV,
				"byte " + offset + " (line " + line + ") is not UTF-8: save the " + "file as CSV UTF-8");
	}

	/**
	 * Follows the CSV's quoting, counting columns and rows, and refuses a row with too
	 * many columns.
	 */
	private void follow(char c) {
		if (c == '\n') {
			lines++;
		}
		if (quoted) {
			if (quoteSeen) {
				quoteSeen = false;
				if (c == '"') {
					return;
				}
				quoted = false;
			}
			else {
				quoteSeen = c == '"';
				return;
			}
		}
		boolean cr = afterCr;
		afterCr = false;
		if (c == '"' && fieldStart) {
			quoted = true;
			fieldStart = false;
		}
		else if (c == ',') {
			if (++columns > MAX_COLUMNS) {
				throw new ProductCsv.Rejected(row, CSV,
						"has more than " + MAX_COLUMNS + " columns: the product CSV " + "has at most "
								+ ProductCsv.IMPORTED.size() + " (" + String.join(", ", ProductCsv.IMPORTED) + ")");
			}
			fieldStart = true;
		}
		else if (c == '\r' || c == '\n') {
			if (!(c == '\n' && cr)) {
				row++;
				columns = 1;
			}
			afterCr = c == '\r';
			fieldStart = true;
		}
		else {
			fieldStart = false;
		}
	}

	@Override
	public void close() {
		// The request's stream belongs to the container.
	}

}
