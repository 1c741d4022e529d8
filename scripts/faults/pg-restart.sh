#!/usr/bin/env bash
# PostgreSQL restarted under a write load: first `pg_ctl restart -m immediate` (a crash and recovery), then a stop
# -m immediate, 5 seconds without a database, and a start.
#
#   scripts/faults/pg-restart.sh      (about 2 minutes; a throwaway PostgreSQL)
#
# Passes when, while the database is away, writes are answered 503 problem+json quickly (never a 500, never a hang)
# and /health/ready is unhealthy; the API recovers by itself; every acknowledged write is in the store exactly once;
# and the async projections catch up.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
in_throwaway_postgres "$@"
build

PORT=$(free_port)
API=http://127.0.0.1:$PORT
start_api api "$PORT"
echo "API up after $(wait_http "$API/health/ready" 90)s"

warm_up "$API"
start_load "$API" 60
client probe --api "$API" --seconds 60 >"$OUT/probe.json" &
PROBE=$!
echo $PROBE >"$OUT/probe.pid"

at 15
pg_ctl_cluster -m immediate restart
echo "PostgreSQL restarted (-m immediate) at $((SECONDS - T0))s of the load"

at 35
pg_ctl_cluster -m immediate stop
echo "PostgreSQL stopped (-m immediate) at $((SECONDS - T0))s; readiness now: $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$API/health/ready")"
sleep 5
pg_ctl_cluster start
echo "PostgreSQL started again at $((SECONDS - T0))s"

status=0
wait "$LOAD" || status=1
wait "$PROBE" || status=1
echo "load: $(cat "$OUT/load.json")"
echo "probe: $(cat "$OUT/probe.json")"
report_store_and_projections "$API" || status=1
exit $status
