#!/usr/bin/env bash
# The benchmark of issue 8: the ledger beside raw PostgreSQL, every figure next to its baseline
# from the same run. Starts a ledger of its own (embedded PostgreSQL, fsync on, data in
# $LEDGER_DATA, default /tmp/ledger-bench), writes a synthetic ledger into its event store, restarts
# the services on it, and measures (see benchmark/.../Benchmark.java and docs/PERFORMANCE.md):
# full projection rebuild vs raw scan, query latency, commands over HTTP vs raw INSERT+COMMIT at
# concurrency 1/8/32, commands at a fixed 500/s with the visibility lag, start-up and memory.
#
#   bench/run.sh            10,000 measures, 1,000,000 events, 10 s phases    (about 15 minutes)
#   bench/run.sh --quick    1,000 measures, 50,000 events, 3 s phases         (about 5 minutes)
#   bench/run.sh --quick --profile
#                           where a warm command's CPU goes, at each BENCH_CONCURRENCY (default 1,8):
#                           a 60 s warm-up, 30 s measured (CPU and PostgreSQL's operations per
#                           command), then 30 s recorded by JFR in both services; the recordings and
#                           their summaries in $BENCH_OUTPUT (default bench-profile/)
#
# With LEDGER_DB_URL (and LEDGER_DB_USER / LEDGER_DB_PASSWORD) it uses that PostgreSQL instead; the
# database must be empty. Prints a Markdown table; the figures as JSON go to $BENCH_OUTPUT
# (default bench-result.json).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LEDGER_DATA=${LEDGER_DATA:-/tmp/ledger-bench}
export LEDGER_COMMAND_PORT=${LEDGER_COMMAND_PORT:-18080} LEDGER_QUERY_PORT=${LEDGER_QUERY_PORT:-18081}
export LEDGER_DB_PORT=${LEDGER_DB_PORT:-15433}
PROFILE=
for argument in "$@"; do
  [ "$argument" = --profile ] && PROFILE=yes
done
if [ -n "$PROFILE" ]; then
  export BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-1,8} BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-60}
  export BENCH_SECONDS=${BENCH_SECONDS:-30} BENCH_OUTPUT=${BENCH_OUTPUT:-$ROOT/bench-profile}
fi
if [ "${1:-}" = "--quick" ]; then
  export BENCH_MEASURES=${BENCH_MEASURES:-1000} BENCH_EVENTS_PER_MEASURE=${BENCH_EVENTS_PER_MEASURE:-50}
  export BENCH_SECONDS=${BENCH_SECONDS:-3} BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
  export BENCH_RATE_SECONDS=${BENCH_RATE_SECONDS:-8}
fi
JAR=$ROOT/benchmark/target/benchmark-0.1.0-SNAPSHOT-exec.jar
bench() { java -Xmx1g -jar "$JAR" "$@"; }

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/benchmark/src" "$ROOT/benchmark/pom.xml" "$ROOT/shared-events/src/main" \
      -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl benchmark -am)
fi

"$ROOT/ledger" stop >/dev/null 2>&1 || true
rm -rf "$LEDGER_DATA"
echo "starting a ledger of its own in $LEDGER_DATA" >&2
"$ROOT/ledger" start >/dev/null
trap '"$ROOT/ledger" stop >/dev/null' EXIT

if [ -n "${LEDGER_DB_URL:-}" ]; then
  export BENCH_DB_URL=$LEDGER_DB_URL BENCH_DB_USER=${LEDGER_DB_USER:-ledger} BENCH_DB_PASSWORD=${LEDGER_DB_PASSWORD:-}
else
  export BENCH_DB_URL=jdbc:postgresql://localhost:$LEDGER_DB_PORT/ledger BENCH_DB_USER=postgres
fi
export BENCH_COMMAND_URL=http://localhost:$LEDGER_COMMAND_PORT BENCH_QUERY_URL=http://localhost:$LEDGER_QUERY_PORT
token() { "$ROOT/ledger" token --ttl 2h "$@"; }
export BENCH_LEDGER=$ROOT/ledger
export BENCH_UNIT_TOKEN=$(token --role UNIT --unit 省府办公厅 --sub bench-clerk)
export BENCH_READER_TOKEN=$(token --role READER --sub bench-dashboard)
export BENCH_ADMIN_TOKEN=$(token --role ADMIN --sub bench-admin)
export BENCH_SUPERVISOR_TOKEN=$(token --role SUPERVISOR --sub bench-office)
export BENCH_AUDITOR_TOKEN=$(token --role AUDITOR --sub bench-auditor)
export BENCH_OUTPUT=${BENCH_OUTPUT:-$ROOT/bench-result.json}
export BENCH_MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem/ {print $2}') GB; $(java -version 2>&1 | head -1); \
${LEDGER_DB_URL:-embedded PostgreSQL 14}, fsync on; services ${LEDGER_JAVA_OPTS:--Xmx256m}, MALLOC_ARENA_MAX=2"

# The services step aside while the synthetic ledger is written, then start on it: their start-up
# is measured with the whole ledger in place.
# (./ledger stop, not kill -0: a stopped service may stay a zombie where PID 1 does not reap)
for service in query-service command-service; do
  "$ROOT/ledger" stop "$service" >/dev/null
done
bench load
"$ROOT/ledger" start >/dev/null

echo "machine: $BENCH_MACHINE; $(date -u +%F)"
if [ -n "$PROFILE" ]; then
  bench profile
  for recording in "$BENCH_OUTPUT"/*.jfr; do
    # jfr print shows 5 frames of a stack unless told: the subsystems low in a stack would be missed
    jfr print --json --stack-depth 256 --events jdk.ExecutionSample "$recording" > "${recording%.jfr}.json"
    python3 "$ROOT/docs/bench/jfr-aggregate.py" "${recording%.jfr}.json" > "${recording%.jfr}.txt"
    rm "${recording%.jfr}.json"
    echo "== $(basename "$recording"): $(head -1 "${recording%.jfr}.txt")"
  done
  exit 0
fi
bench run
