#!/usr/bin/env bash
# Product CSV benchmark: Bodega on the machine's PostgreSQL service (a fresh database, dropped at the end) with an
# empty catalog. It imports 1,000 products of 1 to 3 variants (1,999 rows) in one request three times: as new
# products, the same file again (nothing changes, nothing is written) and with every price changed (every product
# updated); then exports the catalog. The reference, in the same run: the same 1,000 products created one request at
# a time through POST /api/v1/admin/products (1,000 sequential curl calls, on fresh slugs and SKUs).
# Usage: bench/csv-import.sh
DB=bodega_csv_$$
ADMIN_PASSWORD='Quartz-Lantern-Meadow-Orbit-71'
source "$(dirname "$0")/common.sh"

echo "Starting Bodega on :$PORT (log: $work/bodega.log)" >&2
start_bodega BODEGA_DEMO_DATA=false BODEGA_ADMIN_EMAIL=bench@bodega.test BODEGA_ADMIN_PASSWORD="$ADMIN_PASSWORD"
base="http://127.0.0.1:$PORT/api/v1"
token=$(curl -s "$base/auth/login" -H 'Content-Type: application/json' \
	-d "{\"email\":\"bench@bodega.test\",\"password\":\"$ADMIN_PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')

# prefix, price offset -> the CSV on stdout
products_csv() {
	awk -v p="$1" -v d="$2" 'BEGIN {
		printf "slug,title,description,status,categories,sku,variantTitle,options,price,currency,stock\r\n"
		for (i = 0; i < 1000; i++) for (v = 0; v <= i % 3; v++)
			printf "%s-%d,Product %d,\"A product, for the benchmark\",active,%s|bench-%d,%s-%d-%d,V%d,size=%d;colour=red,%d,EUR,5\r\n",
				p, i, i, p, i % 20, toupper(p), i, v, v, v, 1000 + 100 * v + d
	}'
}
products_csv bulk 0 > "$work/new.csv"
products_csv bulk 1 > "$work/changed.csv"
echo "file: $(wc -l < "$work/new.csv") lines, $(wc -c < "$work/new.csv") bytes" >&2

timed_import() {
	curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' -X POST "$base/admin/products/import" \
		-H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary "@$1"
	echo " $(cat "$work/answer.json")"
}
echo "| step | HTTP | seconds | answer |"
echo "|---|---|---|---|"
read -r code secs answer <<< "$(timed_import "$work/new.csv")"; echo "| import, 1,000 new products | $code | $secs | \`$answer\` |"
read -r code secs answer <<< "$(timed_import "$work/new.csv")"; echo "| the same file again | $code | $secs | \`$answer\` |"
read -r code secs answer <<< "$(timed_import "$work/changed.csv")"; echo "| every price changed | $code | $secs | \`$answer\` |"
read -r code secs <<< "$(curl -s -o "$work/export.csv" -w '%{http_code} %{time_total}' "$base/admin/products/export" \
	-H "Authorization: Bearer $token")"
echo "| export ($(($(wc -l < "$work/export.csv") - 1)) rows) | $code | $secs | $(wc -c < "$work/export.csv") bytes |"

# The reference: the same products one JSON request each.
started=$(date +%s.%N)
for i in $(seq 0 999); do
	variants=""
	for v in $(seq 0 $((i % 3))); do
		variants="$variants${variants:+,}{\"sku\":\"REF-$i-$v\",\"title\":\"V$v\",\"options\":{\"size\":\"$v\",\"colour\":\"red\"},\"price\":{\"amount\":$((1000 + 100 * v)),\"currency\":\"EUR\"},\"stock\":5}"
	done
	curl -sf -o /dev/null -X POST "$base/admin/products" -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' \
		-d "{\"title\":\"Product $i\",\"slug\":\"ref-$i\",\"description\":\"A product, for the benchmark\",\"categories\":[\"ref\",\"bench-$((i % 20))\"],\"variants\":[$variants]}" \
		|| { echo "reference request $i failed" >&2; exit 1; }
done
echo "| reference: 1,000 POST /admin/products, one after another | 201 | $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') | |"
