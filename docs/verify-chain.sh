#!/usr/bin/env bash
# An auditor's own check of one aggregate's hash chain, with nothing of the ledger's code:
# psql, jq and sha256sum only. See docs/AUDIT.md for the canonical form and the digest.
# Prints "<aggregateId> <sequence> <recomputed hash> ok|BROKEN" per event; exits 1 if broken.
#
#   docs/verify-chain.sh 'postgresql://postgres@localhost:15432/ledger' gd-2016-18 [UP_TO_POSITION]
set -euo pipefail
db=$1
aggregate=$2
up_to=${3:-9223372036854775807}
previous=$(printf '0%.0s' {1..64})
status=0
while IFS=$'\t' read -r type sequence event_id time_stamp payload_type revision payload metadata; do
  canonical=$(jq -cS -n \
    --arg aggregateId "$aggregate" --arg aggregateType "$type" --arg eventId "$event_id" \
    --arg timestamp "$time_stamp" --arg payloadType "$payload_type" --arg revision "$revision" \
    --argjson sequence "$sequence" --argjson payload "$payload" \
    --argjson metadata "$(jq -c 'del(.hash)' <<<"$metadata")" \
    '{aggregateId: $aggregateId, aggregateType: $aggregateType, eventId: $eventId, metadata: $metadata,
      payload: $payload, payloadType: $payloadType, revision: $revision, sequence: $sequence,
      timestamp: $timestamp}')
  hash=$(printf '%s\n%s' "$previous" "$canonical" | sha256sum | cut -d' ' -f1)
  stored=$(jq -r '.hash // ""' <<<"$metadata")
  if [ "$hash" = "$stored" ]; then
    echo "$aggregate $sequence $hash ok"
  else
    echo "$aggregate $sequence $hash BROKEN (stored: ${stored:-none})"
    status=1
  fi
  previous=$hash
done < <(psql "$db" -AtX -F $'\t' -c "
  SELECT type, sequence_number, event_identifier, time_stamp, payload_type, coalesce(payload_revision, ''),
         convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')
  FROM event_store.domain_event_entry
  WHERE aggregate_identifier = '$aggregate' AND global_index <= $up_to ORDER BY sequence_number")
exit $status
