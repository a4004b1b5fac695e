#!/usr/bin/env bash
# Paved's catalog side by side with Backstage's catalog backend (issue 16, "The bar against
# Backstage, raised"): the same 10,000 entities (bench/catalog/generate.py), ingest time, then
# wrk -t2 -c4 -d10s (after a warm-up) on a list of components and on a read by name, on each side.
# Prints both sides and the ratios, and fails if wrk saw any answer other than 2xx on either side.
#
#   bench/backstage/run.sh
#
# What it starts, one after the other, and stops on exit:
#   - Paved: ./paved up on its own ports (PORT_BASE, default 19580) and data directory, with the
#     gateway's per-caller rate limit off (PAVED_GATEWAY_RATE_LIMIT_ENABLED=false), the gateway's
#     access log on (PAVED_ACCESS_LOG_ENABLED=true: one line per request, quarkus.http.access-log) and
#     tracing on (QUARKUS_OTEL_SDK_DISABLED=false, as platform-common sets it, and Quarkus's built-in
#     parent-based always-on sampler: every request is a recorded span, propagated from the gateway
#     to the catalog over gRPC). Spans are exported only if you pass PAVED_OTEL_EXPORTER=otlp and
#     QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT (the default exporter is none). Its database is ./paved
#     up's embedded PostgreSQL.
#   - Backstage: bench/backstage (npm ci on the first run), @backstage/backend-defaults with
#     @backstage/plugin-catalog-backend, authentication off, its own database backstage_bench_catalog
#     (dropped first) on the machine's PostgreSQL (BACKSTAGE_DB_HOST/PORT/USER/PASSWORD, default
#     127.0.0.1:5432 postgres/postgres), reading the generated YAML file as a `file` location; its
#     own request log is on (Backstage logs every request by default). Port BACKSTAGE_PORT
#     (default PORT_BASE + 200).
#
# Ingest: Paved from posting the batch (POST /api/v1/catalog/entities, JSON) until the last entity
# reads back, with the CPU each of its processes spent meanwhile (bench/lib/process_cpu.py, the JIT
# compilers' share apart), each time once its processes are idle (process_cpu.py settle). First
# BENCH_INGEST_WARMUP (default 3, at least 1) rounds of a warm-up batch of the same shape in a
# namespace of its own (`warm-up`, as the location bench:warm-up), each removed after it (the
# location re-posted with one entity, which is deleted): the first of them is the services' first
# ingest since they started, JIT compilation included. Then the 10,000 entities are ingested into
# the warmed services, as the reads below are measured after a warm-up. The first and the measured
# ingest are both printed, each with its ratio. Backstage from starting the
# backend until its catalog counts all 10,000 entities (it reads the file, processes and stitches
# every entity in the background), and also from its first answer, since its start is counted too.
# Reads: Paved's own API (/api/v1/catalog/...) and its Backstage-compatible API on the gateway
# (/api/catalog/..., the paths Backstage serves), both through the gateway with a bearer token.
# BENCH_WARMUP (default 20s) is how long each URL is loaded before it is measured.
# On a busy machine the numbers move a lot between runs: run it on a quiet one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/backstage"
port_base="${PORT_BASE:-19580}"
backstage_port="${BACKSTAGE_PORT:-$((port_base + 200))}"
warmup="${BENCH_WARMUP:-20s}"
ingest_warm_up="${BENCH_INGEST_WARMUP:-3}"
[[ "$ingest_warm_up" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_INGEST_WARMUP must be 1 or more" >&2; exit 1; }
# shellcheck source=../lib/wrk.sh
source "$root/bench/lib/wrk.sh"
count=10000
work="$(mktemp -d "${TMPDIR:-/tmp}/paved-bench-backstage.XXXXXX")"
paved_pid=""
backstage_pid=""

export BACKSTAGE_DB_HOST="${BACKSTAGE_DB_HOST:-127.0.0.1}" BACKSTAGE_DB_PORT="${BACKSTAGE_DB_PORT:-5432}"
export BACKSTAGE_DB_USER="${BACKSTAGE_DB_USER:-postgres}" BACKSTAGE_DB_PASSWORD="${BACKSTAGE_DB_PASSWORD:-postgres}"
export BACKSTAGE_PORT="$backstage_port" BACKSTAGE_CATALOG_FILE="$work/entities-000.yaml"
# The database app-config.yaml names: prefix backstage_bench_ and the plugin's id.
backstage_database=backstage_bench_catalog

stop() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  stop "$paved_pid"
  stop "$backstage_pid"
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "bench: $*" >&2
  exit 1
}

for tool in wrk node npm psql curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (wrk and psql: apt-get install wrk postgresql-client; node: Node 20)"
done

now_ms() { date +%s%3N; }

seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Backstage's backend from npm, as the lock file pins it; installed again only when the lock changed.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.bench-installed-lock.json" 2>/dev/null; then
  echo "Installing Backstage's catalog backend (npm ci)..."
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.out" 2>&1 \
    || { cat "$work/npm.out" >&2; fail "npm ci failed"; }
  cp "$here/package-lock.json" "$here/node_modules/.bench-installed-lock.json"
fi

python3 "$root/bench/catalog/generate.py" --batch "$count" "$work/entities"
python3 "$root/bench/catalog/generate.py" --batch "$count" --namespace warm-up "$work/warm-up"
python3 "$root/bench/catalog/generate.py" --batch "$count" --format yaml "$work/entities"

# ---- Paved
echo "Starting Paved (./paved up builds what is missing)..."
data="$work/paved"
PAVED_GATEWAY_RATE_LIMIT_ENABLED=false PAVED_ACCESS_LOG_ENABLED=true \
  QUARKUS_OTEL_SDK_DISABLED=false \
  "$root/paved" up --port-base "$port_base" --data "$data" >"$work/up.out" 2>&1 &
paved_pid=$!
until grep -q 'Paved is ready' "$work/up.out"; do
  kill -0 "$paved_pid" 2>/dev/null || { cat "$work/up.out" >&2; fail "./paved up failed"; }
  sleep 0.5
done
paved="http://127.0.0.1:$port_base"
token="$("$root/paved" token --user bench --role platform-admin --data "$data")"
auth=(-H "Authorization: Bearer $token")
paved_postgres=$((port_base - 8080 + 5433))

# The services go on compiling and settling for a while after they answer ready; the ingest is
# measured once they are idle, so that it counts the ingest and not the end of the start.
post_entities() { # FILE QUERY: posts a batch, fails unless it is accepted
  local status
  status="$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "${auth[@]}" -H 'Content-Type: application/json' \
    --data-binary "@$1" "$paved/api/v1/catalog/entities$2")"
  [[ "$status" == 200 ]] || { head -c 2000 "$work/answer.json" >&2; fail "Paved's ingest answered $status"; }
}

timed_ingest() { # FILE QUERY LAST_REF: milliseconds until LAST_REF reads back, with the CPU report
  echo "Paved: waiting until its processes are idle: $(python3 "$root/bench/lib/process_cpu.py" settle "$paved_pid" "$data")"
  python3 "$root/bench/lib/process_cpu.py" snapshot "$paved_pid" "$data" "$work/cpu-before.json"
  local began
  began="$(now_ms)"
  post_entities "$1" "$2"
  until curl -sf -o /dev/null "${auth[@]}" "$paved/api/v1/catalog/entities/$3"; do
    sleep 0.05
  done
  echo $(($(now_ms) - began)) >"$work/ingest-ms"
  python3 "$root/bench/lib/process_cpu.py" snapshot "$paved_pid" "$data" "$work/cpu-after.json"
  python3 "$root/bench/lib/process_cpu.py" report "$work/cpu-before.json" "$work/cpu-after.json" >"$work/cpu.txt"
}

remove_warm_up() { # the location re-posted with one of its entities, then that one deleted
  post_entities "$work/warm-up-one.json" "?location=bench:warm-up"
  curl -sf -o /dev/null -X DELETE "${auth[@]}" "$paved/api/v1/catalog/entities/$first_ref" || fail "could not delete $first_ref"
  [[ "$(curl -sf "${auth[@]}" "$paved/api/catalog/entities/by-query?filter=metadata.namespace=warm-up&limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["totalItems"])')" == 0 ]] \
    || fail "the warm-up entities were not all removed"
}

python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))[:1]))' "$work/warm-up-000.json" >"$work/warm-up-one.json"
first_ref="$(python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))[0]; print(e["kind"].lower() + "/warm-up/" + e["metadata"]["name"])' "$work/warm-up-000.json")"
for ((round = 1; round <= ingest_warm_up; round++)); do
  echo "Paved: warm-up ingest $round of $ingest_warm_up, $count entities in the namespace warm-up..."
  timed_ingest "$work/warm-up-000.json" "?location=bench:warm-up" component/warm-up/component-05999
  echo "Paved: $count entities readable after $(seconds "$(cat "$work/ingest-ms")") s; CPU meanwhile:"
  cat "$work/cpu.txt"
  if ((round == 1)); then
    paved_first_ms="$(cat "$work/ingest-ms")"
  fi
  remove_warm_up
done
echo "Paved: warm-up entities removed; ingesting the $count entities..."
timed_ingest "$work/entities-000.json" "" component/default/component-05999
paved_ingest_ms="$(cat "$work/ingest-ms")"
echo "Paved: $count entities readable after $(seconds "$paved_ingest_ms") s; CPU meanwhile:"
cat "$work/cpu.txt"

echo "Paved: reads, load average $(cut -d' ' -f1-3 /proc/loadavg)"
paved_list="$(requests_per_second "$paved/api/v1/catalog/entities?filter=kind=component&limit=20" "${auth[@]}")"
paved_one="$(requests_per_second "$paved/api/v1/catalog/entities/component/default/component-03000" "${auth[@]}")"
compat_list="$(requests_per_second "$paved/api/catalog/entities?filter=kind=component&limit=20" "${auth[@]}")"
compat_one="$(requests_per_second "$paved/api/catalog/entities/by-name/component/default/component-03000" "${auth[@]}")"
grep -q '"GET /api/catalog/entities/by-name/component/default/component-03000 HTTP/1.1" 200' "$data/logs/api-gateway.log" \
  || fail "the gateway's access log has no line for the reads: was it on?"
paved_pg="$(psql -h 127.0.0.1 -p "$paved_postgres" -U postgres -d postgres -Atc 'show server_version' 2>/dev/null || echo '?')"
stop "$paved_pid"
paved_pid=""

# ---- Backstage
psql "postgresql://$BACKSTAGE_DB_USER:$BACKSTAGE_DB_PASSWORD@$BACKSTAGE_DB_HOST:$BACKSTAGE_DB_PORT/postgres" -q \
  -c "DROP DATABASE IF EXISTS $backstage_database WITH (FORCE)" >/dev/null || fail "cannot reach PostgreSQL for Backstage"
backstage_pg="$(psql "postgresql://$BACKSTAGE_DB_USER:$BACKSTAGE_DB_PASSWORD@$BACKSTAGE_DB_HOST:$BACKSTAGE_DB_PORT/postgres" -Atc 'show server_version')"
echo "Backstage: starting its catalog backend on the generated file, until $count entities are readable..."
backstage="http://127.0.0.1:$backstage_port"
began="$(now_ms)"
(cd "$here" && exec node index.js --config app-config.yaml) >"$work/backstage.log" 2>&1 &
backstage_pid=$!
# The entities of the file (Backstage adds Location entities of its own, not counted).
counted="$backstage/api/catalog/entities/by-query?limit=1&filter=kind=group&filter=kind=system&filter=kind=api&filter=kind=component"
readable=0
answered_ms=""
while ((readable < count)); do
  kill -0 "$backstage_pid" 2>/dev/null || { tail -50 "$work/backstage.log" >&2; fail "Backstage's backend stopped"; }
  sleep 1
  if answer="$(curl -sf "$counted")"; then
    answered_ms="${answered_ms:-$(($(now_ms) - began))}"
    readable="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["totalItems"])' <<<"$answer" 2>/dev/null || echo 0)"
  fi
done
backstage_ingest_ms=$(($(now_ms) - began))
echo "Backstage: $count entities readable after $(seconds "$backstage_ingest_ms") s (it first answered after $(seconds "$answered_ms") s)"

echo "Backstage: reads, load average $(cut -d' ' -f1-3 /proc/loadavg)"
backstage_list="$(requests_per_second "$backstage/api/catalog/entities?filter=kind=component&limit=20")"
backstage_one="$(requests_per_second "$backstage/api/catalog/entities/by-name/component/default/component-03000")"
stop "$backstage_pid"
backstage_pid=""

# ---- Both sides
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
echo
echo "Same $count entities, wrk -t2 -c4 -d10s after $warmup of warm-up, one run (each side's load average is above)."
echo "Paved: gateway with tracing and access log on, rate limit off, embedded PostgreSQL $paved_pg."
echo "Backstage: catalog backend 4.0 on backend-defaults 0.19, Node $(node --version), PostgreSQL $backstage_pg."
row() { printf '%-14s | %10s | %13s | %18s | %13s | %14s | %s\n' "$@"; }
row "" "Backstage" "Paved /api/v1" "Paved /api/catalog" "Paved/Backst." "compat/Backst." "goal"
row "ingest" "$(seconds "$backstage_ingest_ms") s" "$(seconds "$paved_ingest_ms") s" "-" \
  "$(ratio "$backstage_ingest_ms" "$paved_ingest_ms")" "-" "50x"
row "first ingest" "$(seconds "$backstage_ingest_ms") s" "$(seconds "$paved_first_ms") s" "-" \
  "$(ratio "$backstage_ingest_ms" "$paved_first_ms")" "-" "-"
row "list req/s" "$backstage_list" "$paved_list" "$compat_list" \
  "$(ratio "$paved_list" "$backstage_list")" "$(ratio "$compat_list" "$backstage_list")" "100x"
row "by name req/s" "$backstage_one" "$paved_one" "$compat_one" \
  "$(ratio "$paved_one" "$backstage_one")" "$(ratio "$compat_one" "$backstage_one")" "10x"
echo "list: filter=kind=component&limit=20; by name: component:default/component-03000."
echo "ingest: into services that have ingested before (as the reads, measured after a warm-up); first ingest: the"
echo "services' first since their start, JIT compilation included (a batch of the same shape, removed before the ingest)."
echo "Backstage's ingest counts from its start, as its ingest begins there; counted from its first answer instead"
echo "($(seconds "$answered_ms") s after its start), it took $(seconds $((backstage_ingest_ms - answered_ms))) s:" \
  "$(ratio $((backstage_ingest_ms - answered_ms)) "$paved_ingest_ms") Paved's."
