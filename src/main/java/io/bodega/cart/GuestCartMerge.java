package io.bodega.cart;

import java.util.Optional;

import io.bodega.accounts.UserSignedIn;
import io.bodega.cart.CartRows.Row;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * At sign-in, the guest cart the browser brought along becomes the user's: merged into
 * the user's latest cart (quantities added, at most 99 a line), or bound to the user when
 * they have none. The merged cart keeps the line limit: guest lines for SKUs the cart
 * already holds always merge, new ones only while there is room, earliest added first;
 * the rest go with the guest cart. Stock is checked at checkout. Anything else (no cart,
 * an unknown one, someone else's) is ignored: signing in never fails over a cart.
 */
@Component
class GuestCartMerge {

	/** Cart ids are 43 characters ({@code Ids.newSecret()}): anything else is no cart. */
	private static final int ID_LENGTH = 43;

	private final JdbcClient jdbc;

	private final CartRows rows;

	private final CartViews views;

	GuestCartMerge(JdbcClient jdbc, CartRows rows, CartViews views) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.views = views;
	}

	@EventListener
	@Transactional
	void on(UserSignedIn event) {
		String guestId = event.guestCartId();
		if (guestId == null || guestId.length() != ID_LENGTH) {
			return;
		}
		Optional<Row> guest = rows.lock(guestId).filter(r -> r.userId() == null);
		if (guest.isEmpty()) {
			return;
		}
		Optional<String> own = jdbc.sql("""
				select id from carts where user_id = ? and id <> ? order by updated_at desc limit 1 for update""")
			.params(event.userId(), guestId)
			.query(String.class)
			.optional();
		if (own.isEmpty()) {
			jdbc.sql("update carts set user_id = ?, updated_at = now() where id = ?")
				.params(event.userId(), guestId)
				.update();
			return;
		}
		merge(guestId, own.get());
		rows.touch(own.get());
		views.changed(own.get());
	}

	private void merge(String guestId, String ownId) {
		jdbc.sql(
				"""
						with own as (select sku from cart_lines where cart_id = :own),
						     room as (select greatest(0, :lines - count(*)) as n from own),
						     fresh as (select g.sku from cart_lines g
						               where g.cart_id = :guest and g.sku not in (select sku from own)
						               order by g.added_at, g.sku limit (select n from room))
						insert into cart_lines (cart_id, sku, quantity)
						select :own, sku, quantity from cart_lines
						where cart_id = :guest and (sku in (select sku from own) or sku in (select sku from fresh))
						on conflict (cart_id, sku) do update set quantity = least(cart_lines.quantity + excluded.quantity, :max)""")
			.param("own", ownId)
			.param("guest", guestId)
			.param("lines", Carts.MAX_LINES)
			.param("max", Carts.MAX_QUANTITY)
			.update();
		jdbc.sql("delete from carts where id = ?").param(guestId).update();
	}

}
