# Shared by the benchmark scripts (sourced, not run): tools, the PostgreSQL service, a fresh database that is dropped
# at exit, and Bodega started on it. Expects DB to be set; sets PORT, DURATION, work, sql, psql_admin, start_bodega.
# BENCH_JAVA_OPTS adds JVM options (such as -XX:StartFlightRecording=... to profile a run).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=${BENCH_PORT:-18080}
DURATION=${BENCH_DURATION:-15s}
JAVA_BIN=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin 2>/dev/null | head -1)/java}
work=$(mktemp -d)

apt_install() { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client
[ -x "$JAVA_BIN" ] || { echo "No JDK 25 found; set BENCH_JAVA to its java" >&2; exit 1; }
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
	for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
	sleep 3
fi
[ -f target/bodega.jar ] || ./mvnw -B -q -DskipTests package

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }
sql() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt -v ON_ERROR_STOP=1 "$@"; }
psql_admin -c "create database $DB"
cleanup() {
	local rc=$?
	if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	psql_admin -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT

# Starts the jar on the fresh database with the given extra environment (NAME=value ...) and waits until it is ready.
start_bodega() {
	env SERVER_PORT="$PORT" BODEGA_DATA_DIR="$work/data" BODEGA_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
		BODEGA_DB_USER=postgres BODEGA_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" "$@" "$JAVA_BIN" ${BENCH_JAVA_OPTS:-} -Xms1g -Xmx1g -jar target/bodega.jar > "$work/bodega.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 120); do
		curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { tail -30 "$work/bodega.log" >&2; exit 1; }
		sleep 1
	done
	echo "Bodega did not become ready; log: $work/bodega.log" >&2
	exit 1
}
