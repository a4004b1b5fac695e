# Sourced by the benchmarks that run a local platform of their own: ./paved up on its own ports and
# data directory, next to any ./paved up of the reader's, stopped when the benchmark ends.
#
#   platform_start PORT_BASE DATA_DIR LOG     starts it and waits until it is ready; sets launcher_pid
#   platform_stop                             stops it (SIGTERM to the launcher, which stops the rest)
#
# Extra settings for the services go in the environment of platform_start's caller, e.g.
# PAVED_GATEWAY_RATE_LIMIT_ENABLED=false platform_start ...

launcher_pid=""

platform_start() {
  local port_base="$1" data="$2" log="$3" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  "$root/paved" up --port-base "$port_base" --data "$data" >"$log" 2>&1 &
  launcher_pid=$!
  until grep -q 'Paved is ready' "$log"; do
    if ! kill -0 "$launcher_pid" 2>/dev/null; then
      echo "bench: ./paved up failed:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
}

platform_stop() {
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait "$launcher_pid" 2>/dev/null || true
  fi
  launcher_pid=""
}
