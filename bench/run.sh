#!/usr/bin/env bash
# Bodega's catalog benchmark: starts the jar on the machine's PostgreSQL service (a fresh database, dropped at the
# end), loads 10,000 products / 40,000 variants, then runs wrk (2 threads, 64 connections, 15 s after a 5 s warm-up)
# on a trivial endpoint, product detail by random id, a category list page of 20, and full-text searches.
# Prints a Markdown table to paste into bench/RESULTS.md. Talks only to 127.0.0.1. Usage: bench/run.sh
DB=bodega_bench_$$
WARMUP=${BENCH_WARMUP:-5s}
source "$(dirname "$0")/common.sh"

echo "Starting Bodega on :$PORT (log: $work/bodega.log)" >&2
start_bodega BODEGA_DEMO_PRODUCTS=10000 BODEGA_DEMO_VARIANTS=4
products=$(sql -c "select count(*) from products")
variants=$(sql -c "select count(*) from variants")
echo "Loaded $products products, $variants variants" >&2

# 2,000 random active products for the detail benchmark.
sql -c \
	"select id from products where status = 'active' order by md5(id::text) limit 2000" > "$work/ids.txt"
cat > "$work/detail.lua" <<LUA
local ids = {}
for line in io.lines("$work/ids.txt") do ids[#ids + 1] = line end
math.randomseed(7)
request = function() return wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)]) end
LUA
cat > "$work/search.lua" <<'LUA'
local words = {"merino", "linen+tee", "alpine", "canvas+pack", "copper+lamp", "wool", "harbor+boot", "ceramic+va",
	"organic+cotton", "summit+tent", "recycled", "suede+sneak"}
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", "/api/v1/products?q=" .. words[(i % #words) + 1] .. "&limit=20")
end
LUA

cat > "$work/search-uncached.lua" <<'LUA'
-- Every request a different price ceiling, so no answer comes from the list cache: the cost of a real search.
local words = {"merino", "linen+tee", "alpine", "canvas+pack", "copper+lamp", "wool"}
math.randomseed(11)
request = function()
	return wrk.format("GET", "/api/v1/products?q=" .. words[math.random(#words)] .. "&limit=20&maxPrice="
		.. math.random(100000, 99999999))
end
LUA
cat > "$work/list-uncached.lua" <<'LUA'
local cats = {"clothing", "footwear", "home", "outdoor", "audio", "t-shirts", "boots", "tents"}
math.randomseed(13)
request = function()
	return wrk.format("GET", "/api/v1/products?category=" .. cats[math.random(#cats)] .. "&limit=20&maxPrice="
		.. math.random(100000, 99999999))
end
LUA

base="http://127.0.0.1:$PORT"
runs=0
run() { # name, url, [script]
	local name=$1 url=$2 script=${3:-}
	local args=(-t2 -c64 --latency)
	[ -n "$script" ] && args+=(-s "$script")
	wrk "${args[@]}" -d "$WARMUP" "$url" >/dev/null
	local out="$work/wrk-$((++runs)).txt"
	wrk "${args[@]}" -d "$DURATION" "$url" > "$out"
	echo "--- $name" >&2
	cat "$out" >&2
	local rps p50 p99 errors
	rps=$(awk '/Requests\/sec/ {print $2}' "$out")
	p50=$(awk '$1 == "50%" {print $2}' "$out")
	p99=$(awk '$1 == "99%" {print $2}' "$out")
	errors=$(awk '/Non-2xx/ {print $5}' "$out")
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "| endpoint | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
run "trivial: GET /actuator/health/liveness" "$base/actuator/health/liveness"
run "product detail, random of 2,000 ids" "$base" "$work/detail.lua"
run "category list page of 20 (clothing, with facets)" "$base/api/v1/products?category=clothing&limit=20"
run "category list page of 20, 2nd page (no facets)" \
	"$base/api/v1/products?category=clothing&limit=20&cursor=$(curl -s "$base/api/v1/products?category=clothing&limit=20" | sed 's/.*"nextCursor":"\([^"]*\)".*/\1/')"
run "full-text search, 12 queries" "$base" "$work/search.lua"
run "category list page of 20, every request a cache miss" "$base" "$work/list-uncached.lua"
run "full-text search, every request a cache miss" "$base" "$work/search-uncached.lua"
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; wrk -t2 -c64 -d$DURATION --latency after a $WARMUP warm-up; $products products, $variants variants; PostgreSQL $(psql -h 127.0.0.1 -U postgres -qAt -c 'show server_version')"
