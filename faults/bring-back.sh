#!/usr/bin/env bash
# The one step that brings back what a fault killed: faults/bring-back.sh command-service |
# query-service | postgres. The fault suite calls it after every fault and times it. Kept apart so
# that it is easy to adapt when the launcher changes.
#
# The step is `./ledger start`, which starts whatever is not running. For PostgreSQL that is not
# enough while ./ledger's launcher JVM outlives its postmaster (it then says "already running" and
# waits for services that cannot get healthy): if no postmaster runs GRACE seconds (20) into
# ./ledger start, this script stops that start and the launcher, runs ./ledger start again, and
# exits 3, so that the suite reports that ./ledger start alone did not bring the database back.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${LEDGER_DATA:?LEDGER_DATA must be set}
GRACE=${FAULTS_POSTGRES_GRACE:-20}
service=${1:?usage: faults/bring-back.sh command-service|query-service|postgres}

postmaster_alive() {
  local pid
  pid=$(head -n 1 "$DATA/postgres/postmaster.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q '^postgres' "/proc/$pid/comm" 2>/dev/null
}

echo "--- $(date -u +%FT%TZ) bring back $service"
if [ "$service" != postgres ]; then
  exec "$ROOT/ledger" start
fi

setsid "$ROOT/ledger" start &
start=$!
for _ in $(seq 1 $((GRACE * 2))); do
  postmaster_alive && break
  kill -0 "$start" 2>/dev/null || break
  sleep 0.5
done
if postmaster_alive; then
  wait "$start"
  exit $?
fi
echo "bring-back: no postmaster ${GRACE} s into ./ledger start; stopping it and the launcher, then starting again"
kill -TERM -- "-$start" 2>/dev/null || true
wait "$start" 2>/dev/null
launcher=$(cat "$DATA/run/postgres.pid" 2>/dev/null || true)
if [ -n "$launcher" ] && kill -0 "$launcher" 2>/dev/null; then
  kill -TERM "$launcher"
  for _ in $(seq 1 60); do kill -0 "$launcher" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$launcher" 2>/dev/null || true
fi
rm -f "$DATA/run/postgres.pid" "$DATA/run/postgres.url"
"$ROOT/ledger" start || exit 1
exit 3
