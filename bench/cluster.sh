#!/usr/bin/env bash
# The cluster test (issue 11): a fresh PostgreSQL, three Bodega nodes on it and HAProxy in front, all on 127.0.0.1,
# then faults under checkout load, with assertions. One line per scenario with its figures and "ok" or "FAILED: why";
# exits non-zero if any assertion failed. Everything it starts is ended when it ends, however it ends.
#
#   bench/cluster.sh                   every scenario (4-6 minutes on 2 cores)
#   bench/cluster.sh race one-key      only those
#
# Scenarios: race (60 buyers, 10 units, 3 nodes at once), one-key (one Idempotency-Key to 3 nodes at once), kill-9
# (a node killed under load), freeze (a node SIGSTOPped 20 s), sigterm (graceful shutdown under load), db-restart
# and db-outage (PostgreSQL restarted, then stopped 15 s), live (an order reaches a live client on another node: p95
# under 1 s) and live-kill-9 (a live client's node killed: it resumes on another with nothing lost). What each proves is written above its method in
# bench/cluster/ClusterTest.java.
#
# Why this shape: the faults need processes held by their id (kill -9, SIGSTOP, SIGTERM, waiting for an exit) and
# the assertions need concurrent HTTP clients, JSON and SQL, which is plain Java and awkward shell. So this script
# only gets the tools ready (JDK 25, the jar, HAProxy, PostgreSQL's binaries, a non-root user for PostgreSQL when run
# as root, the driver's two libraries from the Maven build) and the driver, bench/cluster/*.java, run as a source
# program by JDK 25's launcher (no build step, no test framework), starts and faults the processes itself and
# asserts. Load comes from virtual threads through java.net.http; each checkout is retried with its one
# Idempotency-Key until it gets a definitive answer, as a careful client would. Nodes run the README's production
# start-up (the extracted jar with a JDK 25 AOT cache, trained once per jar on the test's database and kept in
# target/cluster-app): three plain jars starting together on a busy 2-core machine took minutes.
#
# Some assertions bound times (a database outage answered within 5 s, readiness 503 within 5 s, recovery within
# 30 s, a frozen node stalling the others at most 15 s): there the time is the behaviour under test, and the bounds
# are loose enough for a loaded 2-core machine.
#
# Settings (environment): CLUSTER_PORT_BASE (19100: the balancer on it, its stats +1, nodes +11..13, PostgreSQL +32),
# CLUSTER_JAVA (a JDK 25's java), CLUSTER_PG_BIN (PostgreSQL's bin directory), CLUSTER_PG_USER (the user PostgreSQL runs
# as when this runs as root; created if missing: bodega-pg), CLUSTER_KEEP=1 keeps the work directory (logs, data).
# On failure the logs (nodes, HAProxy, PostgreSQL, and every HTTP exchange of each load as <scenario>-exchanges.csv)
# are copied to target/cluster-logs/. Talks only to 127.0.0.1.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }
apt_updated=""
apt_install() {
	if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

JAVA=${CLUSTER_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "${JAVA:-}" ] || { echo "No JDK 25 found; set CLUSTER_JAVA to its java" >&2; exit 1; }
export JAVA_HOME=${JAVA%/bin/java}
export PATH="$JAVA_HOME/bin:$PATH"

PG_BIN=${CLUSTER_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ ! -x "${PG_BIN:-}/initdb" ]; then
	say "Installing PostgreSQL's server binaries"
	apt_install postgresql
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
command -v haproxy >/dev/null || { say "Installing HAProxy"; apt_install haproxy; }

PG_USER=""
if [ "$(id -u)" = 0 ]; then
	PG_USER=${CLUSTER_PG_USER:-bodega-pg}
	id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
fi

# The jar, rebuilt when anything it is made of is newer.
if [ ! -f target/bodega.jar ] || [ -n "$(find src pom.xml -newer target/bodega.jar -print -quit)" ]; then
	say "Building target/bodega.jar"
	./mvnw -B -ntp -q package -DskipTests
fi

work=$(mktemp -d /tmp/bodega-cluster.XXXXXX)
chmod 755 "$work"
mkdir "$work/pg"
[ -z "$PG_USER" ] || chown "$PG_USER" "$work/pg"

status=1
cleanup() {
	# The driver ends what it started; this is for when the driver itself was killed. Only processes it recorded in
	# $work/pids, and only if they still are Bodega, HAProxy or PostgreSQL (a recorded id may have been reused).
	if [ -f "$work/pg/data/postmaster.pid" ]; then
		if [ -n "$PG_USER" ]; then runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$work/pg/data" stop -m immediate
		else "$PG_BIN/pg_ctl" -D "$work/pg/data" stop -m immediate; fi >/dev/null 2>&1 || true
	fi
	if [ -f "$work/pids" ]; then
		while read -r pid; do
			if grep -qaE 'bodega\.jar|haproxy|postgres' "/proc/$pid/cmdline" 2>/dev/null; then
				kill -CONT "$pid" 2>/dev/null || true
				kill -9 "$pid" 2>/dev/null || true
			fi
		done < "$work/pids"
	fi
	if [ "$status" != 0 ]; then
		rm -rf target/cluster-logs && mkdir -p target/cluster-logs
		cp "$work"/*.log "$work"/*.csv "$work"/pg/*.log target/cluster-logs/ 2>/dev/null || true
		say "Logs copied to target/cluster-logs/"
	fi
	if [ "${CLUSTER_KEEP:-0}" = 1 ]; then say "Kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The driver's libraries, as the build resolves them: the PostgreSQL JDBC driver and Jackson 3.
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime
classpath=$(tr ':' '\n' < "$work/classpath.txt" \
	| grep -E '/org/postgresql/postgresql/|/tools/jackson/core/|/com/fasterxml/jackson/core/jackson-annotations/' \
	| paste -sd:)

set +e
"$JAVA" -cp "$classpath" bench/cluster/ClusterTest.java --work "$work" --jar "$PWD/target/bodega.jar" --app "$PWD/target/cluster-app" \
	--java "$JAVA" --pg-bin "$PG_BIN" --pg-user "$PG_USER" --port-base "${CLUSTER_PORT_BASE:-19100}" "$@"
status=$?
set -e
exit "$status"
