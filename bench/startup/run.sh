#!/usr/bin/env bash
# Startup benchmark of the local platform (issue 2, "Measured"):
#   - each service alone: JVM start time (Quarkus's "started in"), wall time until /q/health/ready
#     answers 200, the CPU time that took, and resident memory (VmRSS) after idling; targets
#     < 3 s and < 250 MB. On a busy machine the CPU time is the steadier figure;
#   - `./paved up`: wall time until it prints that Paved is ready, once built; target < 30 s.
#
# Usage: bench/startup/run.sh [RUNS]          (default 3; medians are reported)
#   PAVED_SERVICE_JVM_OPTIONS="..." bench/startup/run.sh    measures other JVM options
#   PORT_BASE=18080 IDLE_SECONDS=10 are the other knobs.
#
# The platform runs on its own ports and data directory, next to any ./paved up of yours.
# PAVED_NO_BUILD=1 measures the jars as they are built, without rebuilding.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
port_base="${PORT_BASE:-18080}"
idle_seconds="${IDLE_SECONDS:-10}"
services=(api-gateway catalog-service provisioning-service observability-service)
work="$(mktemp -d "${TMPDIR:-/tmp}/paved-bench.XXXXXX")"
data="$work/data"
# shellcheck source=bench/lib/platform.sh
. "$root/bench/lib/platform.sh"
trap 'platform_stop; rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Quarkus's own measure: "... started in 1.234s."
started_in() { grep -o 'started in [0-9.]*s' "$1" | tail -1 | grep -o '[0-9.]*' | head -1; }

# The pid of the launched service whose command line names the module (-Dpaved.service=...).
service_pid() {
  local pid
  for pid in $(pgrep -P "$launcher_pid"); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dpaved.service=$1 "; then
      echo "$pid"
      return
    fi
  done
}

# Starts ./paved up in the background and sets up_ready_ms to the milliseconds until it was ready.
start_platform() {
  local began
  began="$(now_ms)"
  platform_start "$port_base" "$data" "$work/up.out"
  up_ready_ms=$(($(now_ms) - began))
}

# CPU seconds (user + system) a process has used: what a start costs, whatever else the machine runs.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# Runs a second instance of a service on a spare port, configured as ./paved up configured the
# first one, and prints "started-in-s ready-ms cpu-s-until-ready rss-mb".
standalone() {
  local service="$1" port="$2" pid command log="$work/$service.standalone.log" began child ready_ms
  pid="$(service_pid "$service")"
  mapfile -d '' -t command <"/proc/$pid/cmdline"
  began="$(now_ms)"
  (
    # Where ./paved up starts it: the jar and its class data sharing archive are named relative to it.
    cd "$root/$service/target/quarkus-app"
    set -a
    # shellcheck disable=SC1090
    . "$data/run/$service.env"
    set +a
    export QUARKUS_HTTP_PORT="$port"
    exec "${command[@]}"
  ) >"$log" 2>&1 &
  child=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    if ! kill -0 "$child" 2>/dev/null; then
      echo "bench: $service did not start alone:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  ready_ms=$(($(now_ms) - began))
  cpu="$(cpu_seconds "$child")"
  sleep "$idle_seconds"
  echo "$(started_in "$log") $ready_ms $cpu $(rss_mb "$child")"
  kill -TERM "$child"
  wait "$child" || true
}

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "Warm-up: ./paved up builds what is missing and creates the data directory..."
start_platform
declare -A jvm_options
for service in "${services[@]}"; do
  jvm_options[$service]="$(tr '\0' ' ' <"/proc/$(service_pid "$service")/cmdline" | sed -e 's/^[^ ]* //' -e 's/ -javaagent.*//')"
done
platform_stop

declare -A alone_started alone_ready alone_cpu alone_rss together_started together_rss
up_ms=()
for ((run = 1; run <= runs; run++)); do
  echo "Run $run of $runs..."
  start_platform
  up_ms+=("$up_ready_ms")
  sleep "$idle_seconds"
  for service in "${services[@]}"; do
    together_started[$service]+="$(started_in "$data/logs/$service.log") "
    together_rss[$service]+="$(rss_mb "$(service_pid "$service")") "
  done
  port=$((port_base + 50))
  for service in "${services[@]}"; do
    standalone "$service" "$port" >"$work/result"
    read -r started ready cpu rss <"$work/result"
    alone_started[$service]+="$started "
    alone_ready[$service]+="$ready "
    alone_cpu[$service]+="$cpu "
    alone_rss[$service]+="$rss "
  done
  platform_stop
done

of() { tr ' ' '\n' <<<"$1" | grep -v '^$' | median; }

echo
echo "JVM options of the services:"
for service in "${services[@]}"; do
  echo "  $service: ${jvm_options[$service]}"
done
echo
printf '%-22s | %-44s | %s\n' "" "alone (one service starting)" "in ./paved up (all four at once)"
printf '%-22s | %-11s %-10s %-10s %-10s | %-11s %s\n' service "started in" "ready in" "CPU until" "idle RSS" \
  "started in" "idle RSS"
for service in "${services[@]}"; do
  printf '%-22s | %-11s %-10s %-10s %-10s | %-11s %s\n' "$service" \
    "$(of "${alone_started[$service]}") s" "$(seconds "$(of "${alone_ready[$service]}")") s" \
    "$(of "${alone_cpu[$service]}") s" "$(of "${alone_rss[$service]}") MB" \
    "$(of "${together_started[$service]}") s" "$(of "${together_rss[$service]}") MB"
done
echo
echo "./paved up ready in $(seconds "$(printf '%s\n' "${up_ms[@]}" | median)") s (median of $runs; runs: $(for ms in "${up_ms[@]}"; do printf '%s ' "$(seconds "$ms")"; done))"
echo "Targets: started in < 3 s and idle RSS < 250 MB per service; ./paved up ready < 30 s."
