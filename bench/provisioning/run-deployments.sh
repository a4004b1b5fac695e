#!/usr/bin/env bash
# Deployment benchmark: W workloads (default 100) deployed at once into E environments (default 10)
# through the platform's gRPC API against the in-process Kubernetes API, versus server-side applying
# the same rendered manifests with the bare fabric8 client in a loop. Prints total time, p50/p99 per
# operation and the ratio.
#
#   bench/provisioning/run-deployments.sh [workloads] [environments] [workers]
#
# After the platform's warm-up rounds and one of the bare loop, three rounds (PAVED_BENCH_ROUNDS) of
# the bare loop then the platform are measured; each round is printed, then the medians.
# PAVED_BENCH_WARMUP_ROUNDS (default 5) is how many rounds of the platform warm it up first.
# Like run.sh, it runs as a @QuarkusTest of provisioning-service with the sources of this folder.
# PAVED_BENCH_PROFILE=DIR also records the platform's phase with JFR (default settings) and writes
# its CPU per thread group and per PostgreSQL backend there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
workloads="${1:-100}"
environments="${2:-10}"
workers="${3:-8}"
log="$(mktemp "${TMPDIR:-/tmp}/paved-bench-deployments.XXXXXX.log")"
cd "$root"
./mvnw -B -q -pl provisioning-service -am -Pbench verify \
  -Dtest=DeploymentBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpaved.bench.workloads="$workloads" -Dpaved.bench.environments="$environments" \
  -Dpaved.bench.workers="$workers" -Dpaved.bench.rounds="${PAVED_BENCH_ROUNDS:-3}" -Dpaved.bench.warm-up-rounds="${PAVED_BENCH_WARMUP_ROUNDS:-5}" -Dpaved.bench.profile="${PAVED_BENCH_PROFILE:-}" > "$log" 2>&1 \
  || { tail -50 "$log"; echo "bench: the whole log is $log" >&2; exit 1; }
cat provisioning-service/target/bench-deployments.txt
