#!/usr/bin/env bash
# Lints both services' OpenAPI descriptions with Spectral's spectral:oas ruleset (.spectral.yaml);
# any problem, a warning or a hint too, fails (exit 1). Needs npx (Node.js) and the npm registry.
#   docs/openapi-lint.sh                  the descriptions ApiDescriptionTest saved (run the system tests first)
#   docs/openapi-lint.sh URL [URL...]     the /v3/api-docs of running services, e.g.
#                                         docs/openapi-lint.sh http://localhost:8080 http://localhost:8081
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
if [ $# -gt 0 ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  for url in "$@"; do
    file="$dir/$(printf '%s' "$url" | tr -c 'A-Za-z0-9' '_').json"
    curl -fsS "${url%/}/v3/api-docs" -o "$file"   # readable without a token
    files+=("$file")
  done
else
  files=(system-tests/target/openapi/command-service.json system-tests/target/openapi/query-service.json)
  for file in "${files[@]}"; do
    [ -f "$file" ] || { echo "$file is missing: run ApiDescriptionTest (system-tests) first, or give URLs" >&2; exit 2; }
  done
fi
npx -y @stoplight/spectral-cli@6 lint --ruleset .spectral.yaml --fail-severity=hint "${files[@]}"
