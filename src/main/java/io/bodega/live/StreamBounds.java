package io.bodega.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.RateLimited;
import org.jspecify.annotations.Nullable;

/**
 * How many streams one node lets whom hold: the node as a whole; everyone but the staff,
 * who leave {@link #staffReserve} streams that only the staff's stream may take, so a
 * node full of customers and visitors still serves the console; streams without a
 * session, at most half the node; and one user (all their sessions together), one session
 * and, without a session, one client address. Opening and closing streams is rare next to
 * their events, so one lock guards every count.
 */
final class StreamBounds {

	/** Whose a stream is, as the bounds count it. */
	enum Kind {

		/**
		 * The staff's stream ({@code /api/v1/admin/events}): may take the streams kept
		 * for the staff.
		 */
		STAFF,
		/**
		 * A signed-in caller's stream (their own events, or an order's): counted by user
		 * and session.
		 */
		SIGNED_IN,
		/**
		 * Without a session (a product's, a guest's order): counted by client address.
		 */
		ANONYMOUS

	}

	/**
	 * Who holds a stream.
	 *
	 * @param userId and {@code sessionId}: the signed-in caller's, null without a session
	 * @param address the key of the client's address
	 * ({@link io.bodega.shared.web.ClientAddress})
	 */
	record Holder(Kind kind, @Nullable UUID userId, @Nullable UUID sessionId, String address) {

		/**
		 * A stream of this kind for the caller; without a caller, one without a session
		 * whatever the kind.
		 */
		static Holder of(Kind kind, @Nullable CurrentUser caller, String address) {
			if (caller == null || kind == Kind.ANONYMOUS) {
				return new Holder(Kind.ANONYMOUS, null, null, address);
			}
			return new Holder(kind, caller.id(), caller.sessionId(), address);
		}
	}

	private static final Duration RETRY = Duration.ofSeconds(5);

	private final int maxStreams;

	private final int maxNotStaff;

	private final int maxAnonymous;

	private final int maxPerUser;

	private final int maxPerSession;

	private final int maxPerAddress;

	private final Map<UUID, Integer> perUser = new HashMap<>();

	private final Map<UUID, Integer> perSession = new HashMap<>();

	private final Map<String, Integer> perAddress = new HashMap<>();

	private int open;

	private int notStaff;

	private int anonymous;

	StreamBounds(LiveProperties properties) {
		this.maxStreams = properties.streams();
		this.maxNotStaff = maxStreams - staffReserve(maxStreams);
		// the rest is kept for signed-in streams, so anonymous clients cannot lock the
		// customers and staff out
		this.maxAnonymous = Math.min(maxNotStaff, Math.max(1, maxStreams / 2));
		this.maxPerUser = properties.maxStreamsPerUser();
		this.maxPerSession = properties.maxStreamsPerSession();
		this.maxPerAddress = properties.maxStreamsPerAddress();
	}

	/**
	 * The streams only the staff may take: a tenth of the node's, at least one, but never
	 * all of them (a node of one stream keeps none).
	 */
	static int staffReserve(int maxStreams) {
		return Math.min(maxStreams - 1, Math.max(1, maxStreams / 10));
	}

	int maxStreams() {
		return maxStreams;
	}

	int maxNotStaff() {
		return maxNotStaff;
	}

	int maxAnonymous() {
		return maxAnonymous;
	}

	/**
	 * Counts a new stream, or refuses it: {@link LiveHub.Full} when the node, or its
	 * share for this kind of stream, is taken; {@link RateLimited} when the user, the
	 * session or the address holds as many as it may.
	 */
	synchronized void admit(Holder holder) {
		if (open >= maxStreams) {
			throw new LiveHub.Full("This server holds as many live streams as it may; connect again in a moment");
		}
		if (holder.kind() != Kind.STAFF && notStaff >= maxNotStaff) {
			throw new LiveHub.Full(
					"This server keeps its remaining live streams for the staff; connect again in a " + "moment");
		}
		if (holder.kind() == Kind.ANONYMOUS) {
			if (anonymous >= maxAnonymous) {
				throw new LiveHub.Full("This server holds as many live streams without a session as it may; connect "
						+ "again in a moment");
			}
			check(perAddress, holder.address(), maxPerAddress, "This address");
			increment(perAddress, holder.address());
			anonymous++;
		}
		else {
			check(perUser, holder.userId(), maxPerUser, "This account");
			check(perSession, holder.sessionId(), maxPerSession, "This session");
			increment(perUser, holder.userId());
			increment(perSession, holder.sessionId());
		}
		if (holder.kind() != Kind.STAFF) {
			notStaff++;
		}
		open++;
	}

	/** Forgets a stream that {@link #admit} counted. */
	synchronized void release(Holder holder) {
		open--;
		if (holder.kind() != Kind.STAFF) {
			notStaff--;
		}
		if (holder.kind() == Kind.ANONYMOUS) {
			anonymous--;
			decrement(perAddress, holder.address());
		}
		else {
			decrement(perUser, holder.userId());
			decrement(perSession, holder.sessionId());
		}
	}

	synchronized int open() {
		return open;
	}

	/** The sessions that hold streams now. */
	synchronized Set<UUID> sessions() {
		return Set.copyOf(perSession.keySet());
	}

	private static <K> void check(Map<K, Integer> counts, K key, int max, String who) {
		int now = counts.getOrDefault(key, 0);
		if (now >= max) {
			throw new RateLimited(
					who + " has " + now + " live streams open on this server, as many as it may; " + "close one first",
					RETRY);
		}
	}

	private static <K> void increment(Map<K, Integer> counts, K key) {
		counts.merge(key, 1, Integer::sum);
	}

	private static <K> void decrement(Map<K, Integer> counts, K key) {
		counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
	}

}
