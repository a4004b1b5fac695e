#!/usr/bin/env bash
# The catalog benchmark, through the gateway: ingest the data set (bench/catalog/generate.py), then
# wrk (2 threads, 4 connections, 10 s, after a warm-up) on a filtered list and on a read by ref.
#
#   bench/catalog/run.sh [SCALE]      SCALE 1 = 10,000 entities (default), 10 = 100,000
#
# BENCH_ORDER (default mixed) is generate.py's --order: with mixed, every batch of 10,000 holds the
# same mix of kinds, so that "slowest batch / first batch" compares the same work into a small and a
# large catalog; with kind, the batches hold Groups and Systems first and Components last, and the
# ratio also compares different work (a Component declares five relations, a System one).
#
# Needs a running platform (./paved up) and, from .paved/local.env or the environment, PAVED_URL.
# The token must be allowed to write every team's entities: BENCH_TOKEN, or else a platform-admin
# token minted with ./paved token (which reads the default data directory; with ./paved up --data
# DIR, pass BENCH_TOKEN="$(./paved token --user bench --role platform-admin --data DIR)").
# The gateway's per-caller rate limit must be off for the run (PAVED_GATEWAY_RATE_LIMIT_ENABLED=false
# when starting the platform), or wrk measures the limit. BENCH_WARMUP (default 20s) is how long
# each URL is loaded before it is measured, so that the JIT has compiled the hot paths.
# Reads are answered from the gateway's cache while it follows the catalog's changes, and behind it
# from the catalog's own caches. PAVED_GATEWAY_CATALOG_CACHE_SIZE=0 PAVED_GATEWAY_CATALOG_CACHE_PAGES=0
# measures them without the gateway's cache; PAVED_CATALOG_CACHE_SIZE=0 PAVED_CATALOG_PAGE_CACHE_SIZE=0
# as well, without any cache.
# BENCH_CPU_PIDS (process ids, e.g. the catalog service's and its PostgreSQL's) adds the CPU seconds
# those processes and their children spent in each batch: a measure the machine's other load moves less.
set -euo pipefail

scale="${1:-1}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ -f "$root/.paved/local.env" ]]; then
  # shellcheck disable=SC1091
  source "$root/.paved/local.env"
fi
: "${PAVED_URL:?PAVED_URL is not set: start the platform with ./paved up}"
token="${BENCH_TOKEN:-$("$root/paved" token --user bench --role platform-admin)}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
order="${BENCH_ORDER:-mixed}"
python3 "$root/bench/catalog/generate.py" --scale "$scale" --batch 10000 --order "$order" "$work/batch"
count=$(( scale * 10000 ))

# CPU seconds (user + system) of the given processes and their live children, from /proc.
cpu_seconds() {
  local pids="$1" ticks=0 pid stat
  for pid in $pids $(for p in $pids; do pgrep -P "$p" || true; done); do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    stat="${stat##*) }"
    read -r -a fields <<<"$stat"
    ticks=$(( ticks + fields[11] + fields[12] ))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# The machine's load, since a shared machine's other work shows in every figure below.
echo "== load: $(uptime)"
echo "== ingest: $count entities in batches of 10,000 (JSON, order $order)"
start=$(date +%s%N)
first_ms=0
slowest_ms=0
for file in "$work"/batch-*.json; do
  batch_start=$(date +%s%N)
  cpu_start="$(cpu_seconds "${BENCH_CPU_PIDS:-}")"
  status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "$PAVED_URL/api/v1/catalog/entities" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "@$file")
  if [[ "$status" != 200 ]]; then
    echo "ingest of $file failed with $status:" >&2
    head -c 2000 "$work/answer.json" >&2
    exit 1
  fi
  batch_ms=$(( ($(date +%s%N) - batch_start) / 1000000 ))
  if (( first_ms == 0 )); then
    first_ms=$batch_ms
  fi
  if (( batch_ms > slowest_ms )); then
    slowest_ms=$batch_ms
  fi
  if (( scale > 1 )); then
    cpu=""
    if [[ -n "${BENCH_CPU_PIDS:-}" ]]; then
      cpu=", $(awk -v a="$cpu_start" -v b="$(cpu_seconds "$BENCH_CPU_PIDS")" 'BEGIN { printf "%.2f", b - a }') CPU s"
    fi
    echo "  $(basename "$file"): $batch_ms ms$cpu"
  fi
done
end=$(date +%s%N)
echo "ingest: $(( (end - start) / 1000000 )) ms"
if (( scale > 1 )); then
  echo "slowest batch / first batch: $(awk -v s="$slowest_ms" -v f="$first_ms" 'BEGIN { printf "%.2f", s / f }')"
fi

list="$PAVED_URL/api/v1/catalog/entities?filter=kind=component&limit=20"
one="$PAVED_URL/api/v1/catalog/entities/component/default/component-03000"
for url in "$list" "$one"; do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url" || { echo "GET $url failed" >&2; exit 1; }
  # Warm-up: the JIT compiles the hot paths of the gateway and the catalog in the first seconds.
  wrk -t2 -c4 -d"${BENCH_WARMUP:-20s}" -H "Authorization: Bearer $token" "$url" >/dev/null
  echo "== wrk -t2 -c4 -d10s $url"
  wrk -t2 -c4 -d10s --latency -H "Authorization: Bearer $token" "$url" \
    | grep -E 'Requests/sec|^ +(50|99)% |Non-2xx|Socket errors'
done
echo "== load: $(uptime)"
