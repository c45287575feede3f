#!/usr/bin/env bash
# Shows that GET /api/v1/audit/events with Accept: application/x-ndjson streams the whole ledger in
# constant memory: 1,000,000 stored events are streamed by a query-service whose heap is capped at
# 128 MB (the events alone are about 300 MB of JSON). Uses its own data folder; a few minutes.
#
#   bench/audit-stream-1m.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LEDGER_DATA=${LEDGER_DATA:-/tmp/ledger-stream-1m}
export LEDGER_COMMAND_PORT=18080 LEDGER_QUERY_PORT=18081 LEDGER_DB_PORT=15433
DB="postgresql://postgres@localhost:$LEDGER_DB_PORT/ledger"
"$ROOT/ledger" stop >/dev/null 2>&1 || true
rm -rf "$LEDGER_DATA"
"$ROOT/ledger" start >/dev/null
trap '"$ROOT/ledger" stop >/dev/null' EXIT

# the services step aside while the ledger grows by 1,000,000 synthetic events of the stored shape
for service in query-service command-service; do
  kill "$(cat "$LEDGER_DATA/run/$service.pid")" && rm "$LEDGER_DATA/run/$service.pid"
done
sleep 5
psql "$DB" -qAtX -c "
  INSERT INTO event_store.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
      meta_data, payload, payload_revision, payload_type, time_stamp)
  SELECT 'bench-' || (g / 100), g % 100, 'Measure', 'bench-event-' || g,
         convert_to('{\"actorId\":\"bench\",\"actorRole\":\"UNIT\",\"correlationId\":\"' || g || '\"}', 'UTF8'),
         convert_to('{\"measureId\":\"bench-' || (g / 100) || '\",\"percentComplete\":' || (g % 101)
                    || ',\"summary\":\"进展报告：按倒排时间进度表推进，已完成阶段性任务。\",\"evidence\":[\"doc-' || g || '\"]}', 'UTF8'),
         '1', 'BenchmarkEvent', '2016-01-01T00:00:00.000Z'
  FROM generate_series(1, 1000000) AS g"
# the views are not what is measured here: their processors resume at the head
psql "$DB" -qAtX -c "
  UPDATE query_view.token_entry SET token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',
         token = convert_to('{\"index\":' || (SELECT max(global_index) FROM event_store.domain_event_entry)
                            || ',\"gaps\":[]}', 'UTF8')"

LEDGER_JAVA_OPTS=-Xmx128m "$ROOT/ledger" start >/dev/null
pid=$(cat "$LEDGER_DATA/run/query-service.pid")
auditor="Authorization: Bearer $("$ROOT/ledger" token --role AUDITOR)"

start=$(date +%s%N)
read -r lines bytes < <(curl -sSN -H 'Accept: application/x-ndjson' -H "$auditor" \
                          "localhost:$LEDGER_QUERY_PORT/api/v1/audit/events?after=0" | wc -lc)
end=$(date +%s%N)
printf '%s events (%s MB of NDJSON) streamed in %s s; query-service heap capped at 128 MB, peak RSS %s MB\n' \
  "$lines" "$((bytes / 1048576))" "$(( (end - start) / 1000000000 ))" \
  "$(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 ))"
