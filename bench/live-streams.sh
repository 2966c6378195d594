#!/usr/bin/env bash
# Live streams benchmark: Bodega on the machine's PostgreSQL service (a fresh database, dropped at the end), then a
# client program (bench/LiveStreams.java, JDK 25's source launcher, java.net.http on virtual threads) opens
# BENCH_STREAMS (5,000) server-sent event streams to one node, all following one product's availability. Measured: the
# server's heap after a full GC (jcmd GC.run, GC.heap_info) and its resident memory (VmRSS) before and after opening
# them, so the memory one open stream costs; how long one committed stock change takes to reach every stream (p50, p95,
# max over BENCH_ROUNDS changes, timed from the moment the client sends the change), with the same figure for a single
# stream alone as the reference; and how long the server takes to stop (SIGTERM) with every stream open. The machine's
# own reference: pgbench's select-only run on a database of its own. Talks only to 127.0.0.1.
# BENCH_HISTOGRAM=FILE keeps the server's class histogram with the streams open, to see what their memory is made of.
# Usage: bench/live-streams.sh
DB=bodega_live_$$
STREAMS=${BENCH_STREAMS:-5000}
ROUNDS=${BENCH_ROUNDS:-5}
ADMIN_PASSWORD='Quartz-Lantern-Meadow-Orbit-71'
export BENCH_PORT=${BENCH_PORT:-18094}
if (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_PORT") 2>/dev/null; then
	echo "Port $BENCH_PORT is in use; set BENCH_PORT" >&2
	exit 1
fi
# Every stream is a socket on each side.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((STREAMS + 1000)) ] || { echo "ulimit -n is $(ulimit -n): too low for $STREAMS streams" >&2; exit 1; }
source "$(dirname "$0")/common.sh"

echo "Starting Bodega on :$PORT (log: $work/bodega.log)" >&2
# The streams are anonymous product streams from one address: the per-address bound is lifted to hold them, and the
# node's bound set so that its anonymous half (BODEGA_LIVE_MAX_STREAMS / 2) holds them and the reference stream
# alone too (1 GiB of heap does).
start_bodega BODEGA_DEMO_DATA=false BODEGA_ADMIN_EMAIL=bench@bodega.test BODEGA_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
	BODEGA_LIVE_MAX_STREAMS=$((STREAMS * 2 + 20)) BODEGA_LIVE_MAX_STREAMS_PER_ADDRESS=$((STREAMS + 10))
base="http://127.0.0.1:$PORT"
token=$(curl -s "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d "{\"email\":\"bench@bodega.test\",\"password\":\"$ADMIN_PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
product=$(curl -s "$base/api/v1/admin/products" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d '{"title":"Live bench tee","variants":[{"sku":"LIVE-BENCH","price":{"amount":1500,"currency":"EUR"},"stock":1000000}]}' \
	| sed 's/^{"id":"\([^"]*\)".*/\1/')
[ ${#product} = 36 ] || { echo "Could not create the product: $product" >&2; exit 1; }

echo "Opening $STREAMS streams to /api/v1/products/$product/events" >&2
timeout 600 "$JAVA_BIN" bench/LiveStreams.java "$base" "$product" LIVE-BENCH "$token" "$STREAMS" "$ROUNDS" "$pid" \
	"$(dirname "$JAVA_BIN")/jcmd" "$work/result.txt" ${BENCH_HISTOGRAM:+"$BENCH_HISTOGRAM"} > "$work/client.log" 2>&1 &
client=$!
for _ in $(seq 1 400); do
	[ -f "$work/result.txt.ready" ] && break
	kill -0 "$client" 2>/dev/null || { cat "$work/client.log" >&2; exit 1; }
	sleep 1
done
[ -f "$work/result.txt.ready" ] || { echo "The client did not finish; log: $work/client.log" >&2; exit 1; }

echo "Stopping Bodega (SIGTERM) with the streams open" >&2
stopping=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
stopped=$(date +%s.%N)
pid=
wait "$client" || true
cat "$work/client.log" >&2
grep -E 'live streams|Graceful|graceful' "$work/bodega.log" >&2 || true

# The machine's own reference: pgbench select-only on a database of its own (scale 10), 16 clients.
psql_admin -c "create database ${DB}_pgbench" >/dev/null
pgbench -h 127.0.0.1 -U postgres -i -q -s 10 "${DB}_pgbench" >/dev/null 2>&1
pgbench -h 127.0.0.1 -U postgres -S -c 16 -j 2 -T 15 "${DB}_pgbench" > "$work/pgbench.txt" 2>&1
psql_admin -c "drop database ${DB}_pgbench" >/dev/null

value() { sed -n "s/^$1=//p" "$work/result.txt"; }
echo "| measure | value |"
echo "|---|---|"
echo "| streams open (of $STREAMS) | $(value streams_open), opened in $(value open_seconds) s |"
echo "| heap after full GC, before → after | $(( $(value heap_before_kib) / 1024 )) MiB → $(( $(value heap_after_kib) / 1024 )) MiB: $(value heap_per_stream_kib) KiB per stream |"
echo "| resident memory (VmRSS), before → after | $(( $(value rss_before_kib) / 1024 )) MiB → $(( $(value rss_after_kib) / 1024 )) MiB: $(value rss_per_stream_kib) KiB per stream |"
echo "| one change to every stream ($ROUNDS changes) | $(value all_streams) |"
for r in $(seq 1 "$ROUNDS"); do echo "| change $r | $(value round_$r) |"; done
echo "| reference: one change to one stream alone | $(value one_stream) |"
echo "| SIGTERM to exit, streams open (BODEGA_SHUTDOWN_DRAIN 5 s included) | $(printf '%.1f' "$(echo "$stopped - $stopping" | bc)") s; streams ended: $(value streams_ended_at_shutdown) |"
echo
echo "pgbench -S -c 16 -j 2 -T 15 (scale 10), same run: $(awk -F'= ' '/^tps/ {print $2}' "$work/pgbench.txt" | head -1)"
