#!/usr/bin/env bash
# Observability through the gateway (issue 12, "Performance"), on a platform of its own started with
# ./paved up (built first when missing), the gateway's rate limit off:
#   - a team environment (tier large) holding 50 workloads and 500 pods: 50 web-service deployments of
#     10 replicas each through the deployments API, run by the cluster simulator;
#   - GET …/environments/{env}/status with wrk: p50/p99 (targets p50 < 20 ms, p99 < 100 ms), and the
#     delay from a write to the Kubernetes API until the gateway's status shows it (the staleness of
#     observability-service's cluster cache, plus the gateway's path);
#   - the same status while 50 log followers (follow=true, SSE through the gateway, one per workload)
#     run for 60 s;
#   - a scoped PromQL query through the gateway (…/metrics/query) against the same query sent to the
#     platform's Prometheus directly: p50/p99 of both and their ratio.
# Every wrk run counts only 2xx answers: the script fails when wrk reports any other.
#
#   bench/observability/run-gateway.sh
#
# Needs wrk, curl, python3 and a prometheus binary on the PATH (apt-get install wrk prometheus).
# PORT_BASE (default 21080) moves the platform's ports; BENCH_DURATION (default 30s) is each wrk
# measurement of status and PromQL, BENCH_WARMUP (default 30s) the load before each, FOLLOW_SECONDS
# (default 60) how long status is measured while the followers run, BENCH_CONNECTIONS (default 4)
# wrk's connections.
# The platform writes .paved/local.env as any ./paved up does; its data lives in a temporary directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
port_base="${PORT_BASE:-21080}"
duration="${BENCH_DURATION:-30s}"
warmup="${BENCH_WARMUP:-30s}"
follow_seconds="${FOLLOW_SECONDS:-60}"
connections="${BENCH_CONNECTIONS:-4}"
workloads=50
replicas=10
followers=50
writes=20

for tool in wrk curl python3 prometheus; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk prometheus)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/paved-bench-observability.XXXXXX")"
data="$work/data"
launcher_pid=""
follower_pids=()

cleanup() {
  local pid
  for pid in "${follower_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait "$launcher_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "bench: $*" >&2
  exit 1
}

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Starting the platform (ports from $port_base, data in $data; builds first if needed)..."
PAVED_GATEWAY_RATE_LIMIT_ENABLED=false "$root/paved" up --port-base "$port_base" --data "$data" >"$work/up.out" 2>&1 &
launcher_pid=$!
until grep -qs 'Paved is ready' "$work/up.out"; do
  kill -0 "$launcher_pid" 2>/dev/null || { cat "$work/up.out" >&2; fail "./paved up failed"; }
  sleep 0.5
done
gateway="http://127.0.0.1:$port_base"
kubernetes="http://127.0.0.1:$((port_base + 11))"
prometheus="$(awk '$1 == "Prometheus" && $2 ~ /^http/ { print $2; exit }' "$work/up.out")"
[[ -n "$prometheus" ]] || { cat "$work/up.out" >&2; fail "the platform started no Prometheus"; }
token="$("$root/paved" token --user bench --team demo-team --data "$data")"
auth=(-H "Authorization: Bearer $token")
echo "Ready: gateway $gateway, Prometheus $prometheus"

# GET or POST through the gateway; fails on an answer that is not 2xx.
api() {
  local method="$1" path="$2" body="${3:-}" status
  if [[ -n "$body" ]]; then
    status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X "$method" "${auth[@]}" \
      -H 'Content-Type: application/json' --data-binary "$body" "$gateway$path")
  else
    status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X "$method" "${auth[@]}" "$gateway$path")
  fi
  [[ "$status" == 2* ]] || { head -c 2000 "$work/answer.json" >&2; echo >&2; fail "$method $path answered $status"; }
  cat "$work/answer.json"
}

json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

await_operation() {
  local id="$1" state
  for _ in $(seq 1 600); do
    state="$(api GET "/api/v1/operations/$id" | json 'd["state"]')"
    case "$state" in
      SUCCEEDED) return ;;
      FAILED | CANCELLED) api GET "/api/v1/operations/$id" >&2; fail "operation $id ended $state" ;;
    esac
    sleep 0.5
  done
  fail "operation $id did not end"
}

echo "Creating the environment bench-dev (demo-team, tier large)..."
operation="$(api POST /api/v1/environments '{"team":"demo-team","application":"bench","stage":"dev","tier":"large"}' | json 'd["id"]')"
await_operation "$operation"
env=bench-dev
namespace="$(api GET "/api/v1/environments/$env" | json 'd["namespace"]')"

echo "Deploying $workloads web-service workloads of $replicas replicas..."
operations=()
for i in $(seq -w 1 "$workloads"); do
  spec=$(cat <<JSON
{"name":"web-$i","goldenPath":"web-service","image":"registry.example.com/bench/web:1.0.0",
 "replicas":$replicas,"parameters":{"autoscaling":false,"maxReplicas":$replicas},
 "ports":[{"name":"http","port":8080}],
 "resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"cpu":"100m","memory":"128Mi"}},
 "readinessProbe":{"httpGet":{"path":"/ready","port":"http"}},
 "livenessProbe":{"httpGet":{"path":"/healthz","port":"http"}}}
JSON
  )
  operation="$(api POST "/api/v1/environments/$env/deployments" "$spec" | json 'd["operation"]["id"]')"
  operations+=("$operation")
done
for operation in "${operations[@]}"; do
  await_operation "$operation"
done

echo "Waiting until the $workloads workloads are Healthy with $((workloads * replicas)) ready pods..."
began=$(date +%s)
until api GET "/api/v1/environments/$env/status" | json \
    "sum(w['health'] == 'Healthy' for w in d['workloads']) == $workloads and d['health'] == 'Healthy' or sys.exit(1)" \
    >/dev/null 2>&1; do
  (($(date +%s) - began < 600)) || fail "the workloads were not Healthy within 10 minutes"
  sleep 2
done
pods="$(curl -s "$kubernetes/api/v1/namespaces/$namespace/pods" | json \
  "sum(1 for p in d['items'] if p['status'].get('phase') == 'Running' and any(c['type'] == 'Ready' and c['status'] == 'True' for c in p['status'].get('conditions', [])))")"
echo "  $namespace: $(api GET "/api/v1/environments/$env/status" | json 'len(d["workloads"])') workloads, $pods pods running and ready"
((pods == workloads * replicas)) || fail "expected $((workloads * replicas)) ready pods, found $pods"

# Milliseconds of a wrk latency such as 850.00us, 5.12ms or 1.02s.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; else if (v ~ /m$/) n *= 60000; printf "%.2f", n }'; }

# The pid of a process ./paved up started whose command line holds the word (a service's module, prometheus).
child_pid() {
  local pid
  for pid in $(pgrep -P "$launcher_pid"); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$1"; then
      echo "$pid"
      return
    fi
  done
}

# CPU milliseconds (user + system) a process has used: a request's cost whatever else the machine runs.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

declare -A pids
pids[gateway]="$(child_pid -Dpaved.service=api-gateway)"
pids[observability]="$(child_pid -Dpaved.service=observability-service)"
pids[provisioning]="$(child_pid -Dpaved.service=provisioning-service)"
pids[prometheus]="$(child_pid --storage.tsdb.path=)"
pids[launcher]="$launcher_pid"
cpu_parts=(gateway observability provisioning prometheus launcher)

cpu_snapshot() {
  local part
  for part in "${cpu_parts[@]}"; do
    echo "$part $(cpu_ms "${pids[$part]}")"
  done
}

# CPU milliseconds per request of each process since a snapshot, for a number of requests.
cpu_per_request() {
  local before="$1" requests="$2" part start
  for part in "${cpu_parts[@]}"; do
    start="$(awk -v p="$part" '$1 == p { print $2 }' <<<"$before")"
    awk -v p="$part" -v ms="$(($(cpu_ms "${pids[$part]}") - start))" -v n="$requests" \
      'BEGIN { printf "%s %.2f  ", p, ms / n }'
  done
  echo "(CPU ms per request; launcher = in-process Kubernetes API and simulator, with their own work)"
}

# wrk on a URL; prints "p50-ms p99-ms requests-per-second requests" and fails on any non-2xx answer.
measure() {
  local url="$1" seconds="$2" out="$work/wrk.out"
  shift 2
  wrk -t2 -c"$connections" -d"$seconds" --latency "$@" "$url" >"$out"
  if grep -q 'Non-2xx' "$out"; then
    cat "$out" >&2
    fail "wrk saw answers other than 2xx from $url"
  fi
  echo "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") $(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
    "$(awk '/Requests\/sec/ { print $2 }' "$out") $(awk '/requests in/ { print $1 }' "$out")"
}

status_url="$gateway/api/v1/environments/$env/status"
echo
echo "== status of $env through the gateway (wrk -t2 -c$connections -d$duration, after $warmup of warm-up)"
measure "$status_url" "$warmup" "${auth[@]}" >/dev/null
before="$(cpu_snapshot)"
result="$(measure "$status_url" "$duration" "${auth[@]}")"
read -r status_p50 status_p99 status_rps status_requests <<<"$result"
echo "status alone:                 p50 $status_p50 ms  p99 $status_p99 ms  $status_rps req/s"
echo "  $(cpu_per_request "$before" "$status_requests")"

echo
echo "== write -> visible in the gateway's status ($writes Deployments created in $namespace through the Kubernetes API)"
python3 - "$kubernetes" "$namespace" "$status_url" "$token" "$writes" <<'PY'
import json, sys, time, urllib.request
kubernetes, namespace, status_url, token, writes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
delays, polls = [], []
for i in range(writes):
    name = "stale-%02d" % i
    body = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "main", "image": "registry.example.com/x:1"}]}}}}
    request = urllib.request.Request(kubernetes + "/apis/apps/v1/namespaces/" + namespace + "/deployments",
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    written = time.monotonic()
    count = 0
    while True:
        count += 1
        answer = json.load(urllib.request.urlopen(urllib.request.Request(status_url,
                                                  headers={"Authorization": "Bearer " + token})))
        if any(w["name"] == name for w in answer["workloads"]):
            delays.append((time.monotonic() - written) * 1000)
            polls.append(count)
            break
        if time.monotonic() - written > 30:
            sys.exit("status did not show " + name + " within 30 s")
for i in range(writes):
    urllib.request.urlopen(urllib.request.Request(kubernetes + "/apis/apps/v1/namespaces/" + namespace
                                                  + "/deployments/stale-%02d" % i, method="DELETE")).read()
delays.sort()
print("write -> status shows it:     p50 %.1f ms  max %.1f ms  (%d writes; the first status read showed it %d times)"
      % (delays[len(delays) // 2], delays[-1], writes, polls.count(1)))
PY

echo
echo "== status while $followers log followers (follow=true, SSE through the gateway) run for $follow_seconds s"
for i in $(seq -w 1 "$followers"); do
  curl -sN -D "$work/follow-$i.headers" -o "$work/follow-$i.txt" "${auth[@]}" \
    "$gateway/api/v1/environments/$env/workloads/web-$i/logs?follow=true&tail=1" 2>/dev/null &
  follower_pids+=($!)
done
began_ms=$(date +%s%3N)
connected=0
while ((connected < followers)); do
  (($(date +%s%3N) - began_ms < 300000)) || {
    for i in $(seq -w 1 "$followers"); do
      grep -qs '^data:' "$work/follow-$i.txt" || { echo "follower $i:"; head -c 600 "$work/follow-$i.headers" "$work/follow-$i.txt"; break; }
    done >&2
    fail "only $connected of $followers followers received lines within 300 s"
  }
  sleep 0.2
  connected=0
  for i in $(seq -w 1 "$followers"); do
    grep -qs '^data:' "$work/follow-$i.txt" && connected=$((connected + 1))
  done
done
echo "all $followers followers received their first lines $(($(date +%s%3N) - began_ms)) ms after they started"
lines_before=$(cat "$work"/follow-*.txt | grep -c '^data:' || true)
before="$(cpu_snapshot)"
result="$(measure "$status_url" "${follow_seconds}s" "${auth[@]}")"
read -r follow_p50 follow_p99 follow_rps follow_requests <<<"$result"
follow_cpu="$(cpu_per_request "$before" "$follow_requests")"
lines=$(($(cat "$work"/follow-*.txt | grep -c '^data:' || true) - lines_before))
ended=0
for i in $(seq -w 1 "$followers"); do
  kill -0 "${follower_pids[$((10#$i - 1))]}" 2>/dev/null || ended=$((ended + 1))
  grep -qs '^HTTP/[0-9.]* 200' "$work/follow-$i.headers" || fail "follower $i was not answered 200"
done
for pid in "${follower_pids[@]}"; do
  kill "$pid" 2>/dev/null || true
done
follower_pids=()
((ended == 0)) || fail "$ended followers' streams ended while status was measured"
echo "status with $followers followers:  p50 $follow_p50 ms  p99 $follow_p99 ms  $follow_rps req/s"
echo "  $follow_cpu, the followers' streaming included"
echo "followers: $followers streams open all along, $lines lines received in those $follow_seconds s (their 500 pods write one a second each)"

query="sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"$namespace\"}[1m]))"
encoded="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")"
direct_url="$prometheus/api/v1/query?query=$encoded"
gateway_query_url="$gateway/api/v1/environments/$env/metrics/query?query=$encoded"
echo
echo "== PromQL: $query"
began=$(date +%s)
until (($(curl -s "$direct_url" | json 'len(d["data"]["result"])') == workloads * replicas)); do
  (($(date +%s) - began < 120)) || fail "Prometheus did not have the rate of every pod within 2 minutes"
  sleep 2
done
through="$(api GET "/api/v1/environments/$env/metrics/query?query=$encoded" | json 'len(d["data"]["result"])')"
((through == workloads * replicas)) || fail "the gateway answered $through series, Prometheus $((workloads * replicas))"
echo "both answer $through series (one per pod)"
measure "$direct_url" "$warmup" >/dev/null
measure "$gateway_query_url" "$warmup" "${auth[@]}" >/dev/null
before="$(cpu_snapshot)"
result="$(measure "$direct_url" "$duration")"
read -r direct_p50 direct_p99 direct_rps direct_requests <<<"$result"
direct_cpu="$(cpu_per_request "$before" "$direct_requests")"
before="$(cpu_snapshot)"
result="$(measure "$gateway_query_url" "$duration" "${auth[@]}")"
read -r scoped_p50 scoped_p99 scoped_rps scoped_requests <<<"$result"
scoped_cpu="$(cpu_per_request "$before" "$scoped_requests")"
echo "Prometheus directly:          p50 $direct_p50 ms  p99 $direct_p99 ms  $direct_rps req/s"
echo "  $direct_cpu"
echo "through the gateway (scoped): p50 $scoped_p50 ms  p99 $scoped_p99 ms  $scoped_rps req/s"
echo "  $scoped_cpu"
awk -v a="$scoped_p50" -v b="$direct_p50" -v c="$scoped_p99" -v d="$direct_p99" -v e="$direct_rps" -v f="$scoped_rps" \
  'BEGIN { printf "ratio gateway/direct:         p50 %.2fx  p99 %.2fx  throughput %.2fx fewer req/s\n", a / b, c / d, e / f }'

echo
echo "Targets: status p50 < 20 ms and p99 < 100 ms, with and without the followers."
echo "Machine after the run: load average $(cut -d' ' -f1-3 /proc/loadavg)"
