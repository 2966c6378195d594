#!/usr/bin/env bash
# Checkout benchmark: Bodega on the machine's PostgreSQL service (a fresh database, dropped at the end) with the demo
# catalog (BENCH_PRODUCTS products of BENCH_VARIANTS variants: 10,000 x 4 by default), of which 30 hot SKUs get
# 12,000 units each; 130,000 guest carts of 3 lines of those 30 SKUs prepared in the database; then wrk with 32
# connections (32 concurrent buyers) checking carts out: a 60 s warm-up (BENCH_WARMUP; its figures are thrown away:
# the JIT compiler is still busy after 30 s), then 15 s measured, each request its own cart and Idempotency-Key. It
# also reports the CPU time Bodega and PostgreSQL spent per order in the measured run.
# Afterwards it checks that nothing was oversold and that the stock ledger adds up. Talks only to 127.0.0.1.
# Usage: bench/checkout.sh
DB=bodega_checkout_$$
WARMUP=${BENCH_WARMUP:-60s}
ADMIN_PASSWORD='Quartz-Lantern-Meadow-Orbit-71'
source "$(dirname "$0")/common.sh"

echo "Starting Bodega on :$PORT (log: $work/bodega.log)" >&2
# Guest checkouts are limited per client address and per e-mail. By default the buyers all come from 127.0.0.1 with
# one e-mail, so the limits are off. BENCH_GUEST_LIMITS=on keeps them at their defaults and makes each buyer a guest
# of its own: its own e-mail and address (X-Forwarded-For from 127.0.0.1, a trusted proxy), to measure what the
# counting costs.
if [ "${BENCH_GUEST_LIMITS:-off}" = on ]; then
	limits=(BODEGA_TRUSTED_PROXIES=127.0.0.1)
else
	limits=(BODEGA_GUEST_CHECKOUT_ADDRESS_LIMIT=0 BODEGA_GUEST_CHECKOUT_EMAIL_LIMIT=0)
fi
start_bodega BODEGA_DEMO_PRODUCTS="${BENCH_PRODUCTS:-10000}" BODEGA_DEMO_VARIANTS="${BENCH_VARIANTS:-4}" \
	BODEGA_ADMIN_EMAIL=bench@bodega.test \
	BODEGA_ADMIN_PASSWORD="$ADMIN_PASSWORD" "${limits[@]}"

# Stock through the admin API, so the ledger holds every unit; carts straight into the database (setup only).
token=$(curl -s "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d "{\"email\":\"bench@bodega.test\",\"password\":\"$ADMIN_PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
sql -c "update products set status = 'active'"
for sku in $(sql -c "select sku from variants order by sku limit 30"); do
	curl -sf -X PUT "http://127.0.0.1:$PORT/api/v1/admin/inventory/$sku" -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -d '{"onHand":12000,"reason":"benchmark"}' >/dev/null
done
sql <<'SQL'
insert into carts (id) select substr(md5('c' || i) || md5('d' || i), 1, 43) from generate_series(1, 130000) i;
with skus as (select row_number() over (order by sku) - 1 as n, sku from (select sku from variants order by sku limit 30) hot)
insert into cart_lines (cart_id, sku, quantity)
select substr(md5('c' || i) || md5('d' || i), 1, 43), s.sku, 1
from generate_series(1, 130000) i cross join generate_series(0, 2) k join skus s on s.n = (i * 7 + k * 11) % 30;
analyze products; analyze variants; analyze carts; analyze cart_lines;
SQL
sql -c "select substr(md5('c' || i) || md5('d' || i), 1, 43) from generate_series(1, 90000) i" > "$work/warmup.txt"
sql -c "select substr(md5('c' || i) || md5('d' || i), 1, 43) from generate_series(90001, 130000) i" > "$work/carts.txt"

cat > "$work/checkout.lua" <<LUA
local carts = {}
for line in io.lines(os.getenv("CARTS")) do carts[#carts + 1] = line end
local threads = {}
function setup(thread)
	thread:set("tid", #threads)
	table.insert(threads, thread)
end
function init(args)
	next_cart = tid + 1
end
request = function()
	local n = next_cart
	local cart = carts[n]
	next_cart = next_cart + 2
	local body = '{"cartId":"' .. cart .. '","email":"buyer-' .. n .. '@example.com","shippingAddress":{"name":"Bench Buyer",'
		.. '"line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"}}'
	return wrk.format("POST", "/api/v1/orders", {["Content-Type"] = "application/json",
		["Idempotency-Key"] = "bench-" .. cart,
		["X-Forwarded-For"] = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)},
		body)
end
LUA

CARTS="$work/warmup.txt" wrk -t2 -c32 -d"$WARMUP" -s "$work/checkout.lua" "http://127.0.0.1:$PORT" > /dev/null
before=$(sql -c "select count(*) from orders")
# CPU seconds (user + system) of Bodega's JVM and of all PostgreSQL server processes, from /proc.
cpu() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'; }
postmaster=$(head -1 "$(psql_admin -c 'show data_directory')/postmaster.pid")
pg_pids() { echo "$postmaster $(pgrep -d ' ' -P "$postmaster")"; }
jvm0=$(cpu "$pid"); pg0=$(cpu $(pg_pids))
CARTS="$work/carts.txt" wrk -t2 -c32 -d"$DURATION" --latency -s "$work/checkout.lua" "http://127.0.0.1:$PORT" > "$work/wrk.txt"
jvm1=$(cpu "$pid"); pg1=$(cpu $(pg_pids))
cat "$work/wrk.txt" >&2
orders=$(( $(sql -c "select count(*) from orders") - before ))
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
seconds=${DURATION%s}
oversold=$(sql -c "select count(*) from stock_items where reserved > on_hand or on_hand < 0")
mismatch=$(sql -c "select count(*) from stock_items s left join (select l.sku, sum(l.quantity) as units from order_lines l join orders o on o.id = l.order_id where o.status = 'pending_payment' group by l.sku) r on r.sku = s.sku where s.reserved <> coalesce(r.units, 0)")
ledger=$(sql -c "select count(*) from stock_items s left join (select sku, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by sku) m on m.sku = s.sku where (s.on_hand, s.reserved) <> (coalesce(m.on_hand, 0), coalesce(m.reserved, 0))")
per_order() { awk -v a="$1" -v b="$2" -v n="$orders" 'BEGIN {printf "%.2f ms", n ? (b - a) * 1000 / n : 0}'; }
echo "| checkout, 3-line cart, 32 concurrent buyers | $rps req/s | $((orders / seconds)) orders/s ($orders orders) | p50 $p50 | p99 $p99 | non-2xx ${non2xx:-0} | CPU per order: Bodega $(per_order "$jvm0" "$jvm1"), PostgreSQL $(per_order "$pg0" "$pg1") | oversold SKUs $oversold | reserved ≠ open order lines $mismatch | ledger mismatches $ledger |"
