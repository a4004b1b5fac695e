#!/usr/bin/env bash
# Paved's two list paths side by side, on one platform in one run: Paved's own
# /api/v1/catalog/entities and Backstage's /api/catalog/entities on the gateway, with the same query
# (filter=kind=component&limit=20) over the 10,000 entities of bench/catalog/generate.py. Prints the
# requests per second of each (wrk -t2 -c4 -d10s after a warm-up of BENCH_WARMUP, default 20s) and
# their ratio; any answer that is not 2xx fails the run.
#
#   bench/backstage/compat-list.sh
#
# Starts ./paved up itself (it builds what is missing) on PORT_BASE (default 19780) with a data
# directory of its own and the gateway's per-caller rate limit off, and stops it at the end.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
port_base="${PORT_BASE:-19780}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d)"
# shellcheck source=../lib/platform.sh
source "$root/bench/lib/platform.sh"
# shellcheck source=../lib/wrk.sh
source "$root/bench/lib/wrk.sh"
cleanup() {
  platform_stop
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "compat-list: $*" >&2; exit 1; }

python3 "$root/bench/catalog/generate.py" --batch 10000 "$work/entities"

PAVED_GATEWAY_RATE_LIMIT_ENABLED=false platform_start "$port_base" "$work/paved" "$work/up.out"
paved="http://127.0.0.1:$port_base"
auth=(-H "Authorization: Bearer $("$root/paved" token --user bench --role platform-admin --data "$work/paved")")

status="$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "${auth[@]}" -H 'Content-Type: application/json' \
  --data-binary "@$work/entities-000.json" "$paved/api/v1/catalog/entities")"
[[ "$status" == 200 ]] || { head -c 2000 "$work/answer.json" >&2; fail "the ingest answered $status"; }


query="filter=kind=component&limit=20"
pavedList="$(requests_per_second "$paved/api/v1/catalog/entities?$query" "${auth[@]}")"
compatList="$(requests_per_second "$paved/api/catalog/entities?$query" "${auth[@]}")"
echo "list ($query), req/s: /api/v1/catalog/entities $pavedList, /api/catalog/entities $compatList," \
  "ratio /api/v1 : /api/catalog $(awk -v a="$pavedList" -v b="$compatList" 'BEGIN { printf "%.2f", a / b }')"
