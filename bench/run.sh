#!/usr/bin/env bash
# The benchmark (first part of issue 8): commands over HTTP at concurrency 1, 8 and 32 beside the
# raw PostgreSQL baseline in the same run, on a ledger of its own (embedded PostgreSQL, fsync on).
#   bench/run.sh            20 s warm-up, then 10 s per phase
#   bench/run.sh --quick    10 s warm-up, then 3 s per phase, 50 measures
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LEDGER_DATA=${LEDGER_DATA:-/tmp/ledger-bench}
export LEDGER_COMMAND_PORT=18080 LEDGER_QUERY_PORT=18081 LEDGER_DB_PORT=55433
if [ "${1:-}" = "--quick" ]; then
  export BENCH_SECONDS=3 BENCH_MEASURES=50 BENCH_WARMUP_SECONDS=10
fi
"$ROOT/ledger" stop >/dev/null 2>&1 || true
rm -rf "$LEDGER_DATA"
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl benchmark -am)
"$ROOT/ledger" start >/dev/null
trap '"$ROOT/ledger" stop >/dev/null' EXIT
export BENCH_SUPERVISOR_TOKEN=$("$ROOT/ledger" token --role SUPERVISOR --sub bench-office --ttl 2h)
export BENCH_UNIT_TOKEN=$("$ROOT/ledger" token --role UNIT --unit 省府办公厅 --sub bench-clerk --ttl 2h)
export BENCH_COMMAND_URL=http://localhost:$LEDGER_COMMAND_PORT
export BENCH_DB_URL=jdbc:postgresql://localhost:$LEDGER_DB_PORT/ledger
export BENCH_OUTPUT=${BENCH_OUTPUT:-$ROOT/bench-result.json}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB; embedded PostgreSQL, fsync on; $(date -u +%F)"
java -jar "$ROOT/benchmark/target/benchmark-0.1.0-SNAPSHOT-exec.jar"
