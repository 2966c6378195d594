#!/usr/bin/env bash
# Admin summary benchmark: Bodega on the machine's PostgreSQL service (a fresh database, dropped at the end) with the
# demo catalog of 2,500 products x 4 variants (10,000 SKUs, a few hundred of them set low), 100,000 orders over the
# last 90 days and 2,000 audit entries written straight into the database (setup only), then wrk with an admin token
# against GET /api/v1/admin/summary, the admin order list with its filters and the stock list (a warm-up, then
# BENCH_DURATION measured, per line). References measured in the same run: the trivial liveness endpoint, and
# pgbench's select-only run on a database of its own. Prints the plans of the summary's statements (EXPLAIN ANALYZE,
# with the generic plans Bodega's connections use) to stderr, and a Markdown table to stdout. Talks only to 127.0.0.1.
# Usage: bench/admin-summary.sh
DB=bodega_summary_$$
WARMUP=${BENCH_WARMUP:-5s}
ADMIN_PASSWORD='Quartz-Lantern-Meadow-Orbit-71'
# A port of its own (other benchmarks default to 18080); a port already taken would send wrk to another server.
export BENCH_PORT=${BENCH_PORT:-18093}
if (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_PORT") 2>/dev/null; then
	echo "Port $BENCH_PORT is in use; set BENCH_PORT" >&2
	exit 1
fi
source "$(dirname "$0")/common.sh"

echo "Starting Bodega on :$PORT (log: $work/bodega.log)" >&2
start_bodega BODEGA_DEMO_PRODUCTS=2500 BODEGA_DEMO_VARIANTS=4 BODEGA_ADMIN_EMAIL=bench@bodega.test \
	BODEGA_ADMIN_PASSWORD="$ADMIN_PASSWORD"
base="http://127.0.0.1:$PORT"
token=$(curl -s "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d "{\"email\":\"bench@bodega.test\",\"password\":\"$ADMIN_PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')

echo "Loading 100,000 orders" >&2
sql <<'SQL'
-- Some SKUs run low: 300 with 0..9 units, some of them reserved.
update stock_items set on_hand = n % 10, reserved = least(n % 10, n % 3)
from (select sku, row_number() over (order by md5(sku)) as n from stock_items) s
where stock_items.sku = s.sku and s.n <= 300;

-- 100,000 orders over 90 days, newest about now; older ones mostly delivered, the last days in every status.
insert into orders (id, number, user_id, email, status, token_hash, shipping_address, currency, subtotal, shipping,
                    tax, included_tax, total, carrier, tracking_number, created_at, updated_at, expires_at, paid_at,
                    shipped_at, delivered_at, cancelled_at, refunded_at)
select id, 'BO-' || lpad(nextval('order_number_seq')::text, 6, '0'), user_id, email, status, '\x00'::bytea,
       '{"name":"Bench Buyer","line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"}', 'EUR',
       subtotal, 495, subtotal * 19 / 100, 0, subtotal + 495 + subtotal * 19 / 100,
       case when status in ('shipped', 'delivered') then 'DHL' end,
       case when status in ('shipped', 'delivered') then 'JD' || i end,
       at, at, case when status = 'pending_payment' then at + interval '15 minutes' end,
       case when status in ('paid', 'shipped', 'delivered', 'refunded') then at + interval '1 minute' end,
       case when status in ('shipped', 'delivered') then at + interval '1 day' end,
       case when status = 'delivered' then at + interval '3 days' end,
       case when status = 'cancelled' then at + interval '15 minutes' end,
       case when status = 'refunded' then at + interval '5 days' end
from (
  select i, md5('order' || i)::uuid as id,
         case when i % 4 = 0 then md5('user' || (i % 5000))::uuid end as user_id,
         'buyer-' || (i % 20000) || '@example.com' as email,
         1000 + (i * 7919) % 20000 as subtotal,
         now() - (i * interval '90 days' / 100000) as at,
         case when i <= 100000 * 3 / 90 then (array['pending_payment', 'paid', 'paid', 'shipped', 'shipped', 'delivered',
                                                   'cancelled', 'refunded'])[1 + i % 8]
              else (array['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered',
                          'delivered', 'cancelled', 'refunded'])[1 + i % 10] end as status
  from generate_series(1, 100000) i) o;

insert into order_lines (order_id, position, sku, title, quantity, unit_price, line_total)
select o.id, 0, v.sku, 'Bench item', 1, o.subtotal, o.subtotal
from orders o cross join lateral (select sku from stock_items order by sku limit 1) v;

insert into order_timeline (order_id, at, kind, actor_type, actor_email)
select id, created_at, 'placed', 'guest', email from orders;

insert into audit_log (actor_email, action, entity_type, entity_id, after)
select 'bench@bodega.test', 'inventory.set', 'stock', 'SKU-' || i, '{"onHand": 1}' from generate_series(1, 2000) i;

-- This machine's PostgreSQL runs without autovacuum: statistics and the visibility map by hand, as a live one has them.
vacuum analyze orders; vacuum analyze order_lines; vacuum analyze order_timeline; vacuum analyze stock_items;
vacuum analyze audit_log;
SQL
echo "Loaded $(sql -c 'select count(*) from orders') orders, $(sql -c 'select count(*) from stock_items') SKUs, $(sql -c 'select count(*) from products') products" >&2

# The statements as Bodega runs them: connections keep generic plans (plan_cache_mode = force_generic_plan).
echo "--- plans (EXPLAIN ANALYZE, generic plans)" >&2
sql <<'SQL' >&2
set plan_cache_mode = force_generic_plan;
prepare waiting as select count(*) filter (where status = 'paid'), count(*) filter (where status = 'pending_payment')
  from orders where status in ('paid', 'pending_payment');
explain (analyze, costs off) execute waiting;
prepare sales(text, timestamptz, timestamptz, text) as
  select (created_at at time zone $1)::date, count(*), coalesce(sum(total), 0) from orders
  where created_at >= $2 and created_at < $3 and status in ('paid', 'shipped', 'delivered') and currency = $4
  group by 1;
explain (analyze, costs off) execute sales('UTC', date_trunc('day', now()) - interval '6 days',
  date_trunc('day', now()) + interval '1 day', 'EUR');
prepare low(int, int) as select sku, on_hand, reserved from stock_items where on_hand - reserved < $1
  order by on_hand - reserved, sku collate "C" limit $2;
explain (analyze, costs off) execute low(5, 10);
prepare recent(bigint, int) as select id, at, actor_id, actor_email, action, entity_type, entity_id, before::text,
  after::text from audit_log where id < $1 order by id desc limit $2;
explain (analyze, costs off) execute recent(9223372036854775807, 6);
prepare by_email(text, int) as select * from orders where lower(email) = lower($1)
  order by created_at desc, id desc limit $2;
explain (analyze, costs off) execute by_email('Buyer-42@example.com', 21);
prepare by_range(timestamptz, timestamptz, int) as select * from orders where created_at >= $1 and created_at < $2
  order by created_at desc, id desc limit $3;
explain (analyze, costs off) execute by_range(now() - interval '30 days', now() - interval '29 days', 21);
prepare by_status_range(text, timestamptz, int) as select * from orders where status = $1 and created_at >= $2
  order by created_at desc, id desc limit $3;
explain (analyze, costs off) execute by_status_range('delivered', now() - interval '60 days', 21);
prepare stock_prefix(text, text, int) as select sku, on_hand, reserved from stock_items
  where lower(sku) collate "C" >= $1 and lower(sku) collate "C" < $2
  order by lower(sku) collate "C", sku collate "C" limit $3;
explain (analyze, costs off) execute stock_prefix('t-s-1', 't-s-1' || chr(127), 21);
SQL

runs=0
run() { # name, path
	local name=$1 url="$base$2"
	local args=(-t2 -c16 --latency -H "Authorization: Bearer $token")
	local status
	status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
	[ "$status" = 200 ] || { echo "$name answered $status: $(head -c 500 "$work/answer.json")" >&2; exit 1; }
	wrk "${args[@]}" -d "$WARMUP" "$url" >/dev/null
	local out="$work/wrk-$((++runs)).txt"
	wrk "${args[@]}" -d "$DURATION" "$url" > "$out"
	echo "--- $name" >&2
	cat "$out" >&2
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$(awk '/Requests\/sec/ {print $2}' "$out")" \
		"$(awk '$1 == "50%" {print $2}' "$out")" "$(awk '$1 == "99%" {print $2}' "$out")" \
		"$(awk '/Non-2xx/ {print $5}' "$out" | grep . || echo 0)"
}

echo "| request (wrk -t2 -c16 -d$DURATION, admin token) | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
run "reference: GET /actuator/health/liveness" "/actuator/health/liveness"
run "GET /admin/summary" "/api/v1/admin/summary"
run "GET /admin/orders (first page of 20)" "/api/v1/admin/orders"
run "GET /admin/orders?q=<e-mail>" "/api/v1/admin/orders?q=Buyer-42@example.com"
run "GET /admin/orders?status=delivered&from=<60 days ago>" \
	"/api/v1/admin/orders?status=delivered&from=$(date -u -d '60 days ago' +%F)"
run "GET /admin/orders?from=<a day 30 days ago>&to=<the same day>" \
	"/api/v1/admin/orders?from=$(date -u -d '30 days ago' +%F)&to=$(date -u -d '30 days ago' +%F)"
run "GET /admin/inventory?q=t-s-1&below=5" "/api/v1/admin/inventory?q=t-s-1&below=5"

# The machine's own reference: pgbench select-only on a database of its own (scale 10), the same clients.
psql_admin -c "create database ${DB}_pgbench" >/dev/null
pgbench -h 127.0.0.1 -U postgres -i -q -s 10 "${DB}_pgbench" >/dev/null 2>&1
pgbench -h 127.0.0.1 -U postgres -S -c 16 -j 2 -T "${DURATION%s}" "${DB}_pgbench" > "$work/pgbench.txt" 2>&1
psql_admin -c "drop database ${DB}_pgbench" >/dev/null
echo "--- pgbench" >&2
cat "$work/pgbench.txt" >&2
echo
echo "pgbench -S -c 16 -j 2 -T ${DURATION%s} (scale 10), same run: $(awk -F'= ' '/^tps/ {print $2}' "$work/pgbench.txt" | head -1)"
