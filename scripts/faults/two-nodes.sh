#!/usr/bin/env bash
# Two API nodes on one database, async projections distributed by Wolverine (HotCold, the default): each projection
# runs on exactly one node; under a write load sent to both, the node holding the most projections is killed (-9),
# the other takes them over and the views converge.
#
#   scripts/faults/two-nodes.sh       (about 3 minutes; a throwaway PostgreSQL)
#
# Passes when every projection is assigned to exactly one node before and after, all end on the survivor, every
# acknowledged write is in the store exactly once and the projections catch up with the newest event.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
in_throwaway_postgres "$@"
build

PORT_A=$(free_port)
PORT_B=$(free_port)
A=http://127.0.0.1:$PORT_A
B=http://127.0.0.1:$PORT_B
status=0

# One node at a time, so each Wolverine node id is known to belong to its process.
start_api a "$PORT_A"
echo "node a up after $(wait_http "$A/health/ready" 90)s"
ID_A=$(client nodes --db "$DB" | head -n 1)
start_api b "$PORT_B"
echo "node b up after $(wait_http "$B/health/ready" 90)s"
ID_B=""
for _ in $(seq 1 60); do
  ID_B=$(client nodes --db "$DB" | grep -v "$ID_A" | head -n 1 || true)
  [[ -n "$ID_B" ]] && break
  sleep 1
done
echo "node a is $ID_A, node b is $ID_B"
warm_up "$A" "$B"

# The async projections: AgencyReferral, ReferralTally, CaseFacts, ForeignNationalProfile, DecisionUnderReview.
SHARDS=5

out=$(client assignments --db "$DB" --shards "$SHARDS" --seconds 60) || status=1
echo "assignments with two nodes: $out"

start_load "$A" "$B" 90
at 20
VICTIM=$(client nodes --db "$DB" | head -n 1)
VICTIM_NAME=$([[ $VICTIM == "$ID_B" ]] && echo b || echo a)
SURVIVOR_URL=$([[ $VICTIM_NAME == a ]] && echo "$B" || echo "$A")
kill_api "$VICTIM_NAME"
echo "killed node $VICTIM_NAME ($VICTIM, holding as many projections as any) at $((SECONDS - T0))s of the load"

out=$(client assignments --db "$DB" --shards "$SHARDS" --not-node "$VICTIM" --seconds 150) || status=1
echo "assignments after the kill: $out"

wait "$LOAD" || status=1
echo "load: $(cat "$OUT/load.json")"
report_store_and_projections "$SURVIVOR_URL" || status=1
exit $status
