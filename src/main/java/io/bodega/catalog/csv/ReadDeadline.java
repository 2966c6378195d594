package io.bodega.catalog.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import io.bodega.shared.DomainException;

/**
 * A request body that must have arrived within a time, counted from its first read: an
 * import holds the node's one import slot while its body arrives, and a client sending a
 * byte now and then (each in time for the socket's read timeout) would otherwise hold it
 * as long as it likes. The time is checked before each read, so a read that waits for
 * bytes still ends at the socket's own read timeout.
 */
public final class ReadDeadline extends FilterInputStream {

	/** The body did not arrive in time. */
	public static final class Passed extends DomainException {

		Passed(Duration limit) {
			super(Kind.TIMED_OUT, "request_timeout", "The CSV did not arrive within " + limit.toMillis() + " ms "
					+ "(BODEGA_IMPORT_READ_DEADLINE): the import slot is released; send the whole file at once");
		}

	}

	private final Duration limit;

	private long deadline;

	private boolean started;

	public ReadDeadline(InputStream in, Duration limit) {
		super(in);
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		check();
		return super.read();
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		check();
		return super.read(buffer, offset, length);
	}

	private void check() {
		long now = System.nanoTime();
		if (!started) {
			started = true;
			deadline = now + limit.toNanos();
		}
		else if (now - deadline > 0) {
			throw new Passed(limit);
		}
	}

}
