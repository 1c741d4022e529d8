#!/usr/bin/env bash
# kill -9 of the API during a write load, twice, each time restarted at once.
#
#   scripts/faults/api-kill.sh        (about 2 minutes; a throwaway PostgreSQL)
#
# Passes when every acknowledged write is in the event store exactly once (none lost, none twice), no answer was a
# 5xx other than 503, and the async projections catch up after the restarts.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
in_throwaway_postgres "$@"
build

PORT=$(free_port)
API=http://127.0.0.1:$PORT
start_api api "$PORT"
echo "API up after $(wait_http "$API/health/live" 90)s"

warm_up "$API"
start_load "$API" 60

for moment in 15 35; do
  at "$moment"
  kill_api api
  echo "killed the API (kill -9) at $((SECONDS - T0))s of the load"
  start_api api "$PORT"
  echo "restarted; live again after $(wait_http "$API/health/live" 90)s"
done

status=0
wait "$LOAD" || status=1
echo "load: $(cat "$OUT/load.json")"
report_store_and_projections "$API" || status=1
exit $status
