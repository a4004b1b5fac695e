#!/usr/bin/env bash
# Provisioning benchmark: N environments (default 200) requested at once through the platform's gRPC
# API against the in-process Kubernetes API, versus the same objects made with the bare fabric8
# client in a loop. Prints total time, p50/p99 per operation and the ratio.
#
#   bench/provisioning/run.sh [environments] [workers]
#
# It runs as a @QuarkusTest of provisioning-service (embedded PostgreSQL, dev OIDC issuer, fabric8's
# CRUD API server with server-side apply), with the sources of this folder added by the `bench` profile.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
environments="${1:-200}"
workers="${2:-8}"
cd "$root"
./mvnw -B -q -pl provisioning-service -am -Pbench verify \
  -Dtest=ProvisioningBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpaved.bench.environments="$environments" -Dpaved.bench.workers="$workers" > /tmp/paved-bench-provisioning.log 2>&1 \
  || { tail -50 /tmp/paved-bench-provisioning.log; exit 1; }
cat provisioning-service/target/bench-provisioning.txt
