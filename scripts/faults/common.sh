# Shared by the fault scripts (sourced, not run): a throwaway PostgreSQL, the API as real processes, the client.
#
# Each script re-runs itself under scripts/with-postgres.sh, always with a throwaway cluster (it restarts and
# crashes things), builds the API and the client (tests/Timpora.Faults) in Release once, and starts API nodes
# straight from the built dll, in the Development environment (its signing and integrity keys), without demo data.
# Everything it starts is stopped when it ends; every wait is a bounded poll.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
API_DIR=$ROOT/src/Timpora.Api/bin/Release/net10.0
CLIENT_DLL=$ROOT/tests/Timpora.Faults/bin/Release/net10.0/Timpora.Faults.dll

in_throwaway_postgres() {
  if [[ -z "${TIMPORA_PG_DATA:-}" ]]; then
    unset ConnectionStrings__Timpora
    exec "$ROOT/scripts/with-postgres.sh" "$0" "$@"
  fi
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/timpora-faults.XXXXXX")
  DB="$ConnectionStrings__Timpora"
  echo "logs and acks in $OUT"
  trap stop_all EXIT
}

build() {
  if [[ "${FAULTS_SKIP_BUILD:-0}" != 1 ]]; then
    dotnet build "$ROOT/src/Timpora.Api" -c Release -nologo -v q -clp:ErrorsOnly
    dotnet build "$ROOT/tests/Timpora.Faults" -c Release -nologo -v q -clp:ErrorsOnly
  fi
}

client() { dotnet "$CLIENT_DLL" "$@"; }

# start_api NAME PORT: one API node in the background; its pid in $OUT/NAME.pid.
start_api() {
  local name=$1 port=$2
  (
    cd "$API_DIR"
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" Demo__Seed=false \
      RateLimit__PermitsPerMinute=1000000 Logging__LogLevel__Default=Warning
    exec dotnet Timpora.Api.dll
  ) >>"$OUT/$name.log" 2>&1 &
  echo $! >"$OUT/$name.pid"
}

kill_api() { local pid; pid=$(cat "$OUT/$1.pid"); kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }

stop_all() {
  local file pid
  for file in "$OUT"/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || true
  done
  for file in "$OUT"/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

# wait_http URL SECONDS: until URL answers 200; prints the seconds waited.
wait_http() {
  local url=$1 limit=$2 start=$SECONDS
  while ((SECONDS - start < limit)); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")" == 200 ]]; then
      echo $((SECONDS - start))
      return 0
    fi
    sleep 0.5
  done
  echo "timed out after ${limit}s waiting for $url" >&2
  return 1
}

# pg_as_owner ARGS: pg_ctl and friends run as the cluster's OS user (postgres when we are root).
pg_as_owner() {
  if [[ -n "${TIMPORA_PG_OSUSER:-}" ]]; then (cd / && runuser -u "$TIMPORA_PG_OSUSER" -- "$@"); else "$@"; fi
}

pg_ctl_cluster() {
  pg_as_owner "$TIMPORA_PG_BINDIR/pg_ctl" -D "$TIMPORA_PG_DATA" -w -t 60 -l "$(dirname "$TIMPORA_PG_DATA")/faults-server.log" "$@" >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((33000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

# report_store_and_projections API: every acknowledged write once in the store, projections caught up, API ready.
report_store_and_projections() {
  local api=$1 out status=0
  out=$(client verify --db "$DB" --acks "$OUT/warmup.jsonl,$OUT/acks.jsonl") || status=1
  echo "store: $out"
  out=$(client wait-projections --db "$DB" --seconds 120) || status=1
  echo "projections: $out"
  out=$(wait_http "$api/health/ready" 60) || status=1
  echo "ready (after ${out}s more): $(curl -s --max-time 10 "$api/health/ready")"
  return $status
}

# warm_up API...: a few seconds of writes first, so the figures measure the fault and not the first requests of a
# fresh process (in Development, Wolverine and Marten generate and compile their code on first use).
warm_up() {
  local apis
  apis=$(IFS=,; echo "$*")
  client load --api "$apis" --seconds 5 --writers 2 --acks "$OUT/warmup.jsonl" >"$OUT/warmup.json"
}

# start_load API... SECONDS: the load in the background (pid in $OUT/load.pid); T0 is when it started.
start_load() {
  local seconds=${*: -1} apis
  apis=$(IFS=,; echo "${*:1:$#-1}")
  client load --api "$apis" --seconds "$seconds" --writers 8 --acks "$OUT/acks.jsonl" --attempts "$OUT/attempts.jsonl" >"$OUT/load.json" &
  LOAD=$!
  echo $LOAD >"$OUT/load.pid"
  T0=$SECONDS
}

# at SECONDS: waits until that many seconds of the load have passed.
at() { while ((SECONDS - T0 < $1)); do sleep 0.2; done; }
