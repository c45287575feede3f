#!/usr/bin/env bash
# An auditor's own check of a ledger export (docs/EXPORT.md), with nothing of the ledger's code:
# jq, sha256sum and a shell only. Recomputes every aggregate's hash chain from events.ndjson, then
# the ledger digest, and compares them with the stored hashes and with manifest.json; checks the
# SHA-256 and line count of every file the manifest lists.
# Prints one line per aggregate ("<aggregateId> <last sequence> <chain hash> ok|BROKEN ...") and
# a last line "intact" or "DAMAGED: ..."; exits 0 if intact, 1 if not.
#
#   docs/verify-export.sh /tmp/x
set -euo pipefail
dir=${1:?usage: verify-export.sh EXPORT_DIR}
manifest=$dir/manifest.json
events=$dir/events.ndjson
[ -f "$manifest" ] || { echo "DAMAGED: no manifest.json (an unfinished export?)"; exit 1; }
[ -f "$events" ] || { echo "DAMAGED: no events.ndjson"; exit 1; }
problems=()

# the files: SHA-256 and line counts as the manifest lists them
while IFS=$'\t' read -r file sha lines; do
  if [ ! -f "$dir/$file" ]; then problems+=("$file is missing"); continue; fi
  actual=$(sha256sum <"$dir/$file" | cut -d' ' -f1)
  [ "$actual" = "$sha" ] || problems+=("$file: SHA-256 $actual, the manifest says $sha")
  count=$(wc -l <"$dir/$file" | tr -d ' ')
  [ "$count" = "$lines" ] || problems+=("$file: $count lines, the manifest says $lines")
done < <(jq -r '.files | to_entries[] | [.key, .value.sha256, (.value.lines|tostring)] | @tsv' "$manifest")

# one line per event: aggregate, sequence, line number, stored hash, then its canonical form
# (docs/AUDIT.md): compact, keys sorted, the metadata without its "hash"
zeros=$(printf '0%.0s' {1..64})
digest_input=$(mktemp)
trap 'rm -f "$digest_input"' EXIT
aggregate=""; previous=""; expected=0; last=-1; broken=""
finish_aggregate() {
  if [ -n "$aggregate" ]; then
    printf '%s %s %s\n' "$aggregate" "$last" "$previous" >>"$digest_input"
    if [ -n "$broken" ]; then
      echo "$aggregate $last $previous BROKEN: $broken"
      problems+=("$aggregate: $broken")
    else
      echo "$aggregate $last $previous ok"
    fi
  fi
}
while IFS=$'\t' read -r id sequence line stored canonical; do
  if [ "$id" != "$aggregate" ]; then
    finish_aggregate
    aggregate=$id; previous=$zeros; expected=0; broken=""
  fi
  if [ "$sequence" != "$expected" ] && [ -z "$broken" ]; then
    broken="line $line: expected sequence $expected, found $sequence (an event is missing or moved)"
  fi
  hash=$(printf '%s\n%s' "$previous" "$canonical" | sha256sum | cut -d' ' -f1)
  if [ "$hash" != "$stored" ] && [ -z "$broken" ]; then
    broken="line $line: sequence $sequence: recomputed hash $hash, stored $stored (the event was altered)"
  fi
  previous=$hash; last=$sequence; expected=$((sequence + 1))
done < <(paste <(jq -r '[.aggregateId, (.sequence|tostring), (input_line_number|tostring), (.metadata.hash // "-")] | @tsv' "$events") \
               <(jq -cS '{aggregateId, aggregateType, eventId, metadata: (.metadata | del(.hash)), payload,
                          payloadType, revision, sequence, timestamp}' "$events") |
         LC_ALL=C sort -t $'\t' -k1,1 -k2,2n -s)
finish_aggregate
digest=$(sha256sum <"$digest_input" | cut -d' ' -f1)
expected_digest=$(jq -r '.digest.value' "$manifest")
[ "$digest" = "$expected_digest" ] || problems+=("digest $digest, the manifest says $expected_digest (events missing, added or altered)")
count=$(wc -l <"$events" | tr -d ' ')
[ "$count" = "$(jq -r '.events.count' "$manifest")" ] || problems+=("events.ndjson: $count events, the manifest says $(jq -r '.events.count' "$manifest")")
max=$(jq -n 'reduce inputs.position as $p (0; if $p > . then $p else . end)' "$events")
[ "$max" = "$(jq -r '.events.lastPosition' "$manifest")" ] || problems+=("last position $max, the manifest says $(jq -r '.events.lastPosition' "$manifest")")

echo "digest $digest at position $(jq -r '.digest.position' "$manifest")"
if [ ${#problems[@]} -eq 0 ]; then
  echo "intact"
else
  printf 'DAMAGED: %s\n' "${problems[@]}"
  exit 1
fi
