#!/usr/bin/env bash
# Two command-service and two query-service nodes on one PostgreSQL, driven from outside (issue 13):
# starts a ledger of its own (./ledger, its own data and ports), a second node of each service on
# the same database, then WRITERS clients send blind progress reports (no If-Match) to a few shared
# measures, alternating between the two command nodes. Prints the answers by status (all must be
# 2xx) and whether both query nodes answer the same views once they caught up. Exits 1 otherwise.
#
#   bench/several-nodes.sh            # 4 writers x 200 reports on 4 measures
#   WRITERS=8 REPORTS=500 bench/several-nodes.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LEDGER_DATA=${LEDGER_DATA:-/tmp/ledger-several-nodes}
export LEDGER_COMMAND_PORT=${LEDGER_COMMAND_PORT:-18280} LEDGER_QUERY_PORT=${LEDGER_QUERY_PORT:-18281}
export LEDGER_DB_PORT=${LEDGER_DB_PORT:-15435}
unset LEDGER_DB_URL
SECOND_COMMAND_PORT=$((LEDGER_COMMAND_PORT + 2)) SECOND_QUERY_PORT=$((LEDGER_QUERY_PORT + 2))
WRITERS=${WRITERS:-4} REPORTS=${REPORTS:-200} MEASURES=${MEASURES:-4}
VERSION=0.1.0-SNAPSHOT
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

"$ROOT/ledger" stop >/dev/null 2>&1 || true
rm -rf "$LEDGER_DATA"
"$ROOT/ledger" start >/dev/null
SECOND=()
cleanup() {
  for pid in "${SECOND[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SECOND[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  "$ROOT/ledger" stop >/dev/null
}
trap cleanup EXIT

DB_URL=$(cat "$LEDGER_DATA/run/postgres.url")
second_node() {   # second_node SERVICE PORT: the same jar and settings as ./ledger gives the first
  local service=$1 port=$2
  LEDGER_DB_URL=$DB_URL LEDGER_DB_USER=postgres LEDGER_COMMAND_PORT=$port LEDGER_QUERY_PORT=$port \
    MALLOC_ARENA_MAX=2 nohup "$JAVA" -Xmx256m -jar "$ROOT/$service/target/$service-$VERSION-exec.jar" \
    "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:$LEDGER_DATA/keys/jwt-public.pem" \
    >>"$LEDGER_DATA/logs/$service-2.log" 2>&1 &
  SECOND+=($!)
}
healthy() { curl -sf "http://localhost:$1/actuator/health" >/dev/null; }
second_node command-service "$SECOND_COMMAND_PORT"
second_node query-service "$SECOND_QUERY_PORT"
for port in "$SECOND_COMMAND_PORT" "$SECOND_QUERY_PORT"; do
  for _ in $(seq 1 600); do healthy "$port" && break; sleep 0.2; done
  healthy "$port" || { echo "the second node on port $port did not get healthy" >&2; exit 1; }
done

UNIT=$("$ROOT/ledger" token --role UNIT --unit 省政府办公厅 --sub several-nodes)
READER=$("$ROOT/ledger" token --role READER --sub several-nodes)
# the seed plan's first measures led by 省政府办公厅; their plans are submitted first
mapfile -t IDS < <(curl -s -G "http://localhost:$LEDGER_QUERY_PORT/api/v1/measures" -H "Authorization: Bearer $READER" \
  --data-urlencode planId=gd-2016 --data-urlencode unit=省政府办公厅 | grep -o '"measureId":"[^"]*"' \
  | cut -d'"' -f4 | head -n "$MEASURES")
[ "${#IDS[@]}" -eq "$MEASURES" ] || { echo "the seed plan has fewer than $MEASURES measures of 省政府办公厅" >&2; exit 1; }
for id in "${IDS[@]}"; do
  curl -sf -o /dev/null -X POST "http://localhost:$LEDGER_COMMAND_PORT/api/v1/measures/$id/plan" \
    -H "Authorization: Bearer $UNIT" -H 'Content-Type: application/json' -d '{"summary":"多节点"}' \
    || { echo "cannot submit the plan of $id" >&2; exit 1; }
done

STATUS=$(mktemp -d)
writer() {
  local w=$1 i port m
  for i in $(seq 1 "$REPORTS"); do
    port=$([ $(((w + i) % 2)) -eq 0 ] && echo "$LEDGER_COMMAND_PORT" || echo "$SECOND_COMMAND_PORT")
    m=${IDS[$(((w + i) % MEASURES))]}
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://localhost:$port/api/v1/measures/$m/progress" \
      -H "Authorization: Bearer $UNIT" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: nodes-$w-$i" -d "{\"percentComplete\":$((i % 100)),\"summary\":\"进展\"}"
  done >"$STATUS/$w"
}
started=$SECONDS
WRITER_PIDS=()
for w in $(seq 1 "$WRITERS"); do writer "$w" & WRITER_PIDS+=($!); done
wait "${WRITER_PIDS[@]}"   # not a bare wait: the second nodes run in the background too
echo "$((WRITERS * REPORTS)) blind progress reports from $WRITERS writers on $MEASURES shared measures through two command nodes, $((SECONDS - started)) s:"
cat "$STATUS"/* | sort | uniq -c | sed 's/^/  answers /'
non2xx=$(cat "$STATUS"/* | grep -vc '^2' || true)

view() { curl -s "http://localhost:$1/api/v1/measures/$2" -H "Authorization: Bearer $READER"; }
agree=no
for _ in $(seq 1 150); do
  same=yes
  for m in "${IDS[@]}"; do
    [ "$(view "$LEDGER_QUERY_PORT" "$m")" = "$(view "$SECOND_QUERY_PORT" "$m")" ] || same=no
  done
  if [ $same = yes ]; then agree=yes; break; fi
  sleep 0.2
done
echo "both query nodes answer the same views: $agree"
for m in "${IDS[@]}"; do
  echo "  $m: $(view "$LEDGER_QUERY_PORT" "$m" | grep -o '"version":[0-9]*')"
done
rm -rf "$STATUS"
[ "$non2xx" -eq 0 ] && [ $agree = yes ] || { echo "FAILED: $non2xx non-2xx answers; views agree: $agree"; exit 1; }
echo "ok: 0 non-2xx answers, views agree"
