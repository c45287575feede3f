#!/usr/bin/env bash
# The fault suite of issue 12: starts a ledger of its own (embedded PostgreSQL, fsync on, data in
# $LEDGER_DATA, default /tmp/ledger-faults, its own ports), drives progress reports from several
# clients that retry each request with its Idempotency-Key until it gets a definitive answer, and
# meanwhile SIGKILLs command-service, query-service (some during a replay) and the postmaster,
# and stops PostgreSQL for 15 s; each time faults/bring-back.sh brings it back and the time until
# both services answer healthy is measured. Then it checks the store (nothing lost or doubled, no
# gaps), the chains, the views against a rebuild and the answers (no 5xx but 503 with
# Retry-After), and runs requests generated from both services' OpenAPI descriptions, all invalid
# (0 5xx, every 4xx problem+json, 0 events appended). See docs/RELIABILITY.md.
#
#   faults/run.sh                   10 + 5 + 3 kills and the 15 s stop, then bad input   (about 9 minutes)
#   faults/run.sh --quick           2 + 2 + 1 kills and the 15 s stop, then bad input    (about 4 minutes)
#   faults/run.sh --bad-input-only  only the generated bad input                          (about 2 minutes)
#   faults/run.sh --faults-only     only the faults and their checks
#
# Prints Markdown tables; the figures as JSON go to $FAULTS_OUTPUT (default faults-result.json).
# Exits 1 if any check failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LEDGER_DATA=${LEDGER_DATA:-/tmp/ledger-faults}
export LEDGER_COMMAND_PORT=${LEDGER_COMMAND_PORT:-18180} LEDGER_QUERY_PORT=${LEDGER_QUERY_PORT:-18181}
export LEDGER_DB_PORT=${LEDGER_DB_PORT:-15434}
unset LEDGER_DB_URL   # the faults include killing PostgreSQL: only the ledger's own will do
export FAULTS_QUICK=false
MODE=all
for arg in "$@"; do
  case "$arg" in
    --quick) FAULTS_QUICK=true ;;
    --bad-input-only) MODE=bad-input ;;
    --faults-only) MODE=faults ;;
    *) echo "usage: faults/run.sh [--quick] [--bad-input-only | --faults-only]" >&2; exit 2 ;;
  esac
done
[ "$(cd "$(dirname "$LEDGER_DATA")" 2>/dev/null && pwd)/$(basename "$LEDGER_DATA")" != "$ROOT/data" ] \
  || { echo "faults/run.sh: LEDGER_DATA must not be the ledger's own ./data (the suite wipes it)" >&2; exit 2; }

VERSION=0.1.0-SNAPSHOT
JAR=$ROOT/faults/target/faults-$VERSION-exec.jar
stale() {
  for module in faults command-service query-service launcher; do
    local jar=$ROOT/$module/target/$module-$VERSION-exec.jar
    [ -f "$jar" ] || return 0
    [ -z "$(find "$ROOT/$module/src/main" "$ROOT/$module/pom.xml" "$ROOT/shared-events/src/main" \
          "$ROOT/service-support/src/main" "$ROOT/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ] || return 0
  done
  return 1
}
if stale; then
  echo "building the ledger and the fault suite" >&2
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl command-service,query-service,launcher,faults -am)
fi

"$ROOT/ledger" stop >/dev/null 2>&1 || true
rm -rf "$LEDGER_DATA"
echo "starting a ledger of its own in $LEDGER_DATA (ports $LEDGER_COMMAND_PORT, $LEDGER_QUERY_PORT, $LEDGER_DB_PORT)" >&2
"$ROOT/ledger" start >/dev/null
trap '"$ROOT/ledger" stop >/dev/null' EXIT

token() { "$ROOT/ledger" token --ttl 2h "$@"; }
export FAULTS_UNIT=${FAULTS_UNIT:-省财政厅}
export FAULTS_SUPERVISOR_TOKEN=$(token --role SUPERVISOR --sub faults-supervisor)
export FAULTS_UNIT_TOKEN=$(token --role UNIT --unit "$FAULTS_UNIT" --sub faults-clerk)
export FAULTS_AUDITOR_TOKEN=$(token --role AUDITOR --sub faults-auditor)
export FAULTS_ADMIN_TOKEN=$(token --role ADMIN --sub faults-admin)
export FAULTS_READER_TOKEN=$(token --role READER --sub faults-reader)
export FAULTS_COMMAND_URL=http://localhost:$LEDGER_COMMAND_PORT FAULTS_QUERY_URL=http://localhost:$LEDGER_QUERY_PORT
export FAULTS_DB_URL=jdbc:postgresql://localhost:$LEDGER_DB_PORT/ledger FAULTS_DB_USER=postgres
export FAULTS_ROOT=$ROOT FAULTS_OUTPUT=${FAULTS_OUTPUT:-$ROOT/faults-result.json}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB; $(java -version 2>&1 | head -1); commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u +%F)"
java -Xmx512m -jar "$JAR" "$MODE"
