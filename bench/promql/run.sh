#!/usr/bin/env bash
# PromQL scoping benchmark (JMH, in the test JVM of observability-service): parsing alone and
# parse + confine + print for four queries of a dashboard's kinds, and, where Debian's prometheus is
# installed, one query through TeamMetrics against the same confined query posted to Prometheus
# directly. Prints the averages and the ratio, and writes them to
# observability-service/target/bench-promql.txt.
#
#   bench/promql/run.sh
#
# JMH runs without forking (the sources join the tests through the `bench` profile), 5 warm-up and
# 5 measured iterations of 1 s each; -Dpaved.bench.warmups / -Dpaved.bench.iterations change that.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl observability-service -am -Pbench test \
  -Dtest=PromQlBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@" > /tmp/paved-bench-promql.log 2>&1 \
  || { tail -50 /tmp/paved-bench-promql.log; exit 1; }
cat observability-service/target/bench-promql.txt
