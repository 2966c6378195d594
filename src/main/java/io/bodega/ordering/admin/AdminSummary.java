package io.bodega.ordering.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.bodega.ordering.orders.OrderingProperties;
import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;

import io.bodega.catalog.Catalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the staff see first: the orders waiting for them, the sales of the last days, the
 * SKUs running low and the latest changes. Sales are orders that are {@code paid},
 * {@code shipped} or {@code delivered} (pending, cancelled and refunded ones are not),
 * counted on the day they were placed in the shop's time zone, in the shop's currency. A
 * fixed number of statements, each along an index, however many orders there are.
 */
@Component
class AdminSummary {

	/** How many SKUs and changes the summary shows at most. */
	static final int LOW_STOCK_SHOWN = 10;
	static final int CHANGES_SHOWN = 5;

	@Schema(name = "AdminSummary", description = "ordersToShip: paid orders; awaitingPayment: pending_payment orders; "
			+ "today and last7Days: sales (paid, shipped or delivered orders by the day they were placed, in timeZone); "
			+ "lowStock: SKUs with fewer units available than lowStockBelow, fewest first, at most 10; recentChanges: "
			+ "the last 5 admin changes")
	record Summary(long ordersToShip, long awaitingPayment, SalesDay today, List<SalesDay> last7Days,
			List<StockLevel> lowStock, List<AuditLog.Entry> recentChanges, String timeZone) {
	}

	/** One day's sales: how many orders and what they came to. */
	@Schema(name = "SalesDay")
	record SalesDay(LocalDate date, long orders, Money revenue) {
	}

	private final JdbcClient jdbc;

	private final Inventory inventory;

	private final AuditLog audit;

	private final ZoneId zone;

	private final String currency;

	private final Clock clock;

	AdminSummary(JdbcClient jdbc, Inventory inventory, AuditLog audit, OrderingProperties properties, Catalog catalog) {
		this.jdbc = jdbc;
		this.inventory = inventory;
		this.audit = audit;
		this.zone = properties.timeZone();
		this.currency = catalog.currency();
		this.clock = Clock.system(zone);
	}

	Summary summary(int lowStockBelow) {
		record Waiting(long toShip, long awaitingPayment) {
		}
		Waiting waiting = jdbc.sql("""
				select count(*) filter (where status = 'paid'), count(*) filter (where status = 'pending_payment')
				from orders where status in ('paid', 'pending_payment')""")
			.query((rs, n) -> new Waiting(rs.getLong(1), rs.getLong(2)))
			.single();
		LocalDate today = LocalDate.now(clock);
		LocalDate first = today.minusDays(6);
		Map<LocalDate, SalesDay> sold = new HashMap<>();
		jdbc.sql("""
				select (created_at at time zone :zone)::date, count(*), coalesce(sum(total), 0) from orders
				where created_at >= :start and created_at < :end and status in ('paid', 'shipped', 'delivered')
				  and currency = :currency
				group by 1""")
			.param("zone", zone.getId())
			.param("start", Timestamp.from(first.atStartOfDay(zone).toInstant()))
			.param("end", Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()))
			.param("currency", currency)
			.query((rs, n) -> sold.put(rs.getObject(1, LocalDate.class),
					new SalesDay(rs.getObject(1, LocalDate.class), rs.getLong(2), Money.of(rs.getLong(3), currency))))
			.list();
		List<SalesDay> days = Stream.iterate(first, day -> !day.isAfter(today), day -> day.plusDays(1))
			.map(day -> sold.getOrDefault(day, new SalesDay(day, 0, Money.of(0, currency))))
			.toList();
		return new Summary(waiting.toShip(), waiting.awaitingPayment(), days.getLast(), days,
				inventory.lowStock(lowStockBelow, LOW_STOCK_SHOWN), audit.recent(CHANGES_SHOWN), zone.getId());
	}

}
