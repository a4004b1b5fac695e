#!/usr/bin/env bash
# Observability benchmark: the health of one environment of 50 workloads and 500 pods (with their
# ReplicaSets, Jobs and 1,000 events), computed from the cluster cache against the in-process
# Kubernetes API. Prints p50/p99/max per status computation and the delay from a write to the cache.
#
#   bench/observability/run.sh [rounds] [writes]
#
# It runs as a JUnit test of observability-service (the `bench` profile adds the sources of this
# folder to its tests); nothing else needs to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-10000}"
writes="${2:-300}"
cd "$root"
./mvnw -B -q -pl observability-service -am -Pbench test \
  -Dtest=HealthBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpaved.bench.rounds="$rounds" -Dpaved.bench.writes="$writes" > /tmp/paved-bench-observability.log 2>&1 \
  || { tail -50 /tmp/paved-bench-observability.log; exit 1; }
cat observability-service/target/bench-observability.txt
