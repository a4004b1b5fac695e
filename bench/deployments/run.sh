#!/usr/bin/env bash
# Dry-run benchmark: N dry-run deployments (default 1000) of a web service through the gateway of a
# local platform (./paved up on its own ports and data directory, per-caller rate limit off), one
# after another after a warm-up of the same size; prints p50, p99 and max per request, the CPU time
# each of the platform's processes spent on the measured requests, and the load average before and
# after. Every answer must be 200. The deploy-at-once benchmark is bench/provisioning/run-deployments.sh.
#
#   bench/deployments/run.sh [N]
#
# PORT_BASE=19080 is the other knob.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-1000}"
port_base="${PORT_BASE:-19080}"
work="$(mktemp -d "${TMPDIR:-/tmp}/paved-bench.XXXXXX")"
# shellcheck source=bench/lib/platform.sh
. "$root/bench/lib/platform.sh"
trap 'platform_stop; rm -rf "$work"' EXIT

PAVED_GATEWAY_RATE_LIMIT_ENABLED=false platform_start "$port_base" "$work/data" "$work/up.out"

url="http://127.0.0.1:$port_base"
token="$("$root/paved" token --user demo --team demo-team --data "$work/data")"
application="bench-$RANDOM"
answer="$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"team\":\"demo-team\",\"application\":\"$application\",\"stage\":\"dev\"}" "$url/api/v1/environments")"
# The operation's own fields come before its steps'.
operation="$(grep -o '"id":"[^"]*"' <<<"$answer" | head -1 | cut -d'"' -f4)"
for _ in $(seq 1 120); do
  state="$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/operations/$operation" \
    | grep -o '"state":"[A-Z]*"' | head -1 | cut -d'"' -f4)"
  [[ "$state" == "SUCCEEDED" ]] && break
  if [[ "$state" == "FAILED" || "$state" == "CANCELLED" ]]; then
    echo "bench: the environment could not be created ($state)" >&2
    exit 1
  fi
  sleep 0.5
done
[[ "$state" == "SUCCEEDED" ]] || { echo "bench: the environment was not ready in time" >&2; exit 1; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "$root/bench/deployments/DryRunBench.java" "$url" "$token" "$application-dev" "$count" "$launcher_pid" "$work/data"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
