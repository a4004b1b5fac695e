# Sourced by the benchmarks that load one URL with wrk.
#
#   requests_per_second URL [HEADER OPTIONS...]
#       wrk -t2 -c4 -d10s on URL after a warm-up of the same URL (BENCH_WARMUP, default 20s), with the
#       given options (e.g. -H "Authorization: Bearer …") on curl and wrk alike. Prints the requests per
#       second; the rest of wrk's summary, with the load average, goes to stderr. Exits the benchmark
#       if the URL does not answer or if any answer was not 2xx, since those would be counted too.

requests_per_second() {
  local url="$1" out
  shift
  out="$(mktemp)"
  if ! curl -sf -o /dev/null "$@" "$url"; then
    echo "bench: GET $url failed" >&2
    exit 1
  fi
  wrk -t2 -c4 -d"${BENCH_WARMUP:-20s}" "$@" "$url" >/dev/null
  wrk -t2 -c4 -d10s --latency "$@" "$url" >"$out"
  {
    echo "== wrk -t2 -c4 -d10s $url (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors' "$out"
  } >&2
  if grep -q 'Non-2xx' "$out"; then
    echo "bench: wrk counted answers other than 2xx on $url: $(grep 'Non-2xx' "$out")" >&2
    rm -f "$out"
    exit 1
  fi
  awk '/Requests\/sec/ { printf "%.0f", $2 }' "$out"
  rm -f "$out"
}
