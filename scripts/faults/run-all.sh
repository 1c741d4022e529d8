#!/usr/bin/env bash
# Every fault scenario in turn, each on its own throwaway PostgreSQL (about 6 minutes in all):
#
#   scripts/faults/run-all.sh
#
# Exits non-zero if any scenario fails; README.md's "Reliability" section says what each checks.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

failed=()
for scenario in api-kill pg-restart two-nodes; do
  echo "=== $scenario"
  if ./"$scenario".sh; then echo "=== $scenario: passed"; else failed+=("$scenario"); echo "=== $scenario: FAILED"; fi
  export FAULTS_SKIP_BUILD=1
done

if ((${#failed[@]} > 0)); then
  echo "failed: ${failed[*]}"
  exit 1
fi
echo "all fault scenarios passed"
