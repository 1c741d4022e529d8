#!/usr/bin/env bash
# The benchmark: builds the API (Release) and the harness, starts a throwaway
# PostgreSQL 15 (scripts/with-postgres.sh: fsync and synchronous_commit on),
# runs every phase against it and writes bench/RESULTS.md.
#
#   bench/run.sh [--quick] [--connections N] [--warmup S] [--api-warmup S] [--duration S]
#                [--seed-events N] [--prefill-events N] [--cold-starts N] [--phases b0,b1,...]
#                [--source worktree|head] [--r2r|--no-r2r]
#                [--reads-small N] [--reads-large N]
#
# Every flag has an environment twin (flags win):
#   BENCH_QUICK=1            a ~5-minute smoke run: 4 s phases, 50,000 seeded
#                            events, one cold start of each kind, no ReadyToRun build
#   BENCH_CONNECTIONS=16     N: connections (B0, B2, B6) and writers (B1)
#   BENCH_WARMUP=10          seconds of warm-up before each measured load (a
#                            fresh API process needs about that long before the
#                            JIT has compiled its hot paths)
#   BENCH_API_WARMUP=45      seconds of openings, not measured, that a newly
#                            started API gets before B2 measures it (on 2
#                            busy cores its background JIT needs about a minute)
#   BENCH_PREFILL_EVENTS=100000  events seeded before the write phases (B1–B3,
#                            B8): they run on a young store, not an empty
#                            one (20,000 in quick runs)
#   BENCH_DURATION=15        seconds measured per load
#   BENCH_SEED_EVENTS=1000000  events in the store before B5 (rebuild), B6, B7
#   BENCH_SEED_PROCESSES=2   seed commands run side by side to get there
#   BENCH_REBUILD_INLINE=0   1: B5 also rebuilds the inline Case snapshot (slow)
#   BENCH_COLDSTART_RUNS=3   cold starts of each kind (B7); medians reported
#   BENCH_PHASES=b0,...      only these phases (b0 b1 b3 b2 b8 b5 b6 b7 reads);
#                            reads is not in the default set (it seeds a million
#                            cases: hours on 2 cores); name it to run it
#   BENCH_READS_SMALL=100000 reads (B9): cases in the store at the first
#                            measurement of every read route (10,000 in quick runs)
#   BENCH_READS_LARGE=1000000  reads (B9): cases at the second measurement
#                            (50,000 in quick runs)
#   BENCH_READS_REQUESTS=30  reads (B9): measured requests per route and size,
#                            sent one at a time after 5 not measured
#   BENCH_SOURCE=worktree    build the working tree as it is (default), or
#                            "head" for the last commit (others' half-done
#                            edits then cannot break the build)
#   BENCH_R2R=1              also publish the API ReadyToRun, as the Dockerfile
#                            does, and measure its cold start (B7; crossgen of
#                            every dependency takes minutes); 0 in quick runs
#   BENCH_RESULTS=path       write the results there instead of bench/RESULTS.md
#
# Everything it builds or logs goes to bench/out/ (ignored by git): the API
# under test, the harness, a copy of the sources it built, logs of every
# process. Only bench/RESULTS.md is written outside it.

set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$bench_dir/.." && pwd -P)
out="$bench_dir/out"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) export BENCH_QUICK=1 ;;
    --connections) export BENCH_CONNECTIONS="$2"; shift ;;
    --warmup) export BENCH_WARMUP="$2"; shift ;;
    --api-warmup) export BENCH_API_WARMUP="$2"; shift ;;
    --duration) export BENCH_DURATION="$2"; shift ;;
    --seed-events) export BENCH_SEED_EVENTS="$2"; shift ;;
    --prefill-events) export BENCH_PREFILL_EVENTS="$2"; shift ;;
    --cold-starts) export BENCH_COLDSTART_RUNS="$2"; shift ;;
    --phases) export BENCH_PHASES="$2"; shift ;;
    --source) export BENCH_SOURCE="$2"; shift ;;
    --reads-small) export BENCH_READS_SMALL="$2"; shift ;;
    --reads-large) export BENCH_READS_LARGE="$2"; shift ;;
    --r2r) export BENCH_R2R=1 ;;
    --no-r2r) export BENCH_R2R=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'bench/run.sh: unknown argument %s (see --help)\n' "$1" >&2; exit 2 ;;
  esac
  shift
done

quick="${BENCH_QUICK:-0}"
source_mode="${BENCH_SOURCE:-worktree}"
if [[ -z "${BENCH_R2R:-}" ]]; then
  if [[ "$quick" == 1 ]]; then BENCH_R2R=0; else BENCH_R2R=1; fi
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$out/logs"
rm -f "$out/logs/"*.log

step() { printf '\033[1m== %s\033[0m\n' "$*"; }

# --- A snapshot of the sources -----------------------------------------------
# The build reads a copy, not the working tree: others editing src/ while the
# benchmark builds cannot leave it half-built, and the harness's own build
# output (bench/out/artifacts) never touches anyone's bin/ or obj/.
# tar keeps modification times, so an unchanged snapshot builds incrementally.
snapshot="$out/source"
step "Snapshot of the sources ($source_mode)"
rm -rf "$snapshot.new"
mkdir -p "$snapshot.new"
case "$source_mode" in
  worktree)
    tar -C "$repo" --exclude=bin --exclude=obj --exclude='bench/out' \
      -cf - src Directory.Build.props Directory.Packages.props global.json | tar -C "$snapshot.new" -xf -
    ;;
  head)
    git -C "$repo" archive HEAD src Directory.Build.props Directory.Packages.props global.json | tar -C "$snapshot.new" -xf -
    ;;
  *) printf 'bench/run.sh: --source must be worktree or head\n' >&2; exit 2 ;;
esac
# The harness itself always comes from the working tree (it is what is being run).
tar -C "$repo" --exclude=bin --exclude=obj -cf - bench/Timpora.Bench bench/BareApi | tar -C "$snapshot.new" -xf -
if [[ -d "$snapshot" ]] && diff -rq "$snapshot" "$snapshot.new" >/dev/null 2>&1; then
  rm -rf "$snapshot.new"      # unchanged: keep the old copy and its timestamps
else
  rm -rf "$snapshot"
  mv "$snapshot.new" "$snapshot"
fi

commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ "$source_mode" == worktree ]] && [[ -n "$(git -C "$repo" status --porcelain -- src Directory.Build.props Directory.Packages.props 2>/dev/null)" ]]; then
  commit="$commit + uncommitted changes in src/ (working tree)"
fi
export BENCH_COMMIT="$commit"

# --- Build -------------------------------------------------------------------
build() {  # project, output folder
  dotnet publish "$1" -c Release -o "$2" --artifacts-path "$out/artifacts" -nologo -v quiet \
    >"$out/logs/build-$(basename "$2").log" 2>&1 ||
    { tail -n 40 "$out/logs/build-$(basename "$2").log" >&2; printf 'bench/run.sh: build of %s failed\n' "$1" >&2; exit 1; }
}
step "Building the API, the bare minimal API and the harness (Release)"
build "$snapshot/src/Timpora.Api/Timpora.Api.csproj" "$out/api"
build "$snapshot/bench/BareApi/BareApi.csproj" "$out/bare"
build "$snapshot/bench/Timpora.Bench/Timpora.Bench.csproj" "$out/bench"

# --- ReadyToRun (B7) -----------------------------------------------------------
# The API as the Dockerfile ships it: published for linux-x64 with every
# assembly compiled ahead of time (crossgen), so a new process runs native code
# from its first request instead of JIT-compiling its dependencies. The handler
# code is pre-generated either way (src/Timpora.Api/Internal/Generated).
rm -rf "$out/api-r2r"
if [[ "$BENCH_R2R" == 1 ]]; then
  step "Publishing the API ReadyToRun (crossgen of every dependency: a few minutes)"
  dotnet publish "$snapshot/src/Timpora.Api/Timpora.Api.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$out/api-r2r" --artifacts-path "$out/r2r-artifacts" -nologo -v quiet \
    >"$out/logs/build-api-r2r.log" 2>&1 ||
    { printf 'bench/run.sh: the ReadyToRun publish failed (see bench/out/logs/build-api-r2r.log); B7 runs without it\n' >&2
      rm -rf "$out/api-r2r"; }
fi

# --- Run ---------------------------------------------------------------------
# The benchmark always brings its own database, whatever the caller's
# environment says, so its settings (durability on) are known.
step "Running the benchmark against a throwaway PostgreSQL"
export BENCH_REPO="$repo" BENCH_OUT="$out"
exec env -u ConnectionStrings__Timpora "$repo/scripts/with-postgres.sh" dotnet "$out/bench/Timpora.Bench.dll"
