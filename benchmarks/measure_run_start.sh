#!/usr/bin/env bash
# Time from `sankofa run` (what `make run` calls) to the first page, on a fresh var dir and then again,
# and check that Ctrl-C (SIGINT) leaves no embedded PostgreSQL behind. Needs `make install` first.
#   benchmarks/measure_run_start.sh [PORT]
set -u
cd "$(dirname "$0")/.."
PORT=${1:-8123}
mkdir -p var
VAR=$(mktemp -d "$PWD/var/measure.XXXX")
for attempt in first second; do
  start=$(date +%s.%N)
  env -u SANKOFA_DATABASE_URL SANKOFA_VAR_DIR="$VAR" SANKOFA_PORT="$PORT" .venv/bin/sankofa run > "$VAR/run-$attempt.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.1; done
  end=$(date +%s.%N)
  ready=$(grep -o 'database ready in [0-9.]* s' "$VAR/run-$attempt.log")
  echo "$attempt start: $(echo "$end - $start" | bc) s to the first page ($ready)"
  kill -INT "$pid"; wait "$pid"
  if pgrep -f "$VAR/pg" >/dev/null; then echo "embedded PostgreSQL still running!"; else echo "embedded PostgreSQL stopped"; fi
done
rm -rf "$VAR"
