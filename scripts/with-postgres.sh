#!/usr/bin/env bash
# Run a command with a PostgreSQL database available.
#
#   scripts/with-postgres.sh <command> [args...]
#
# If ConnectionStrings__Timpora is already set, the caller brings their own
# database (docker compose, a shared dev server, CI service container...) and
# the command simply runs against it.
#
# Otherwise a throwaway PostgreSQL cluster is created from the locally
# installed binaries, in a fresh temporary folder, on a free port of
# 127.0.0.1. It lives exactly as long as the command: it is stopped and its
# folder deleted when the command ends, fails, or the script is interrupted.
# A throwaway cluster per run keeps tests hermetic (no state leaks between
# runs) and lets several runs happen side by side.
#
# Exported to the command:
#   ConnectionStrings__Timpora  Npgsql connection string for database "timpora"
#                               (the name ASP.NET configuration maps to
#                               ConnectionStrings:Timpora)
#   TIMPORA_PG_PORT             TCP port of the server
#   TIMPORA_PG_BINDIR           folder holding pg_ctl, psql, ...
#   TIMPORA_PG_DATA             data folder of the cluster
#   TIMPORA_PG_OSUSER           OS user the server runs as; "postgres" when
#                               started by root (pg_ctl must then be run as
#                               that user), empty otherwise
# The last four let tests that deliberately stop/restart the server (e.g.
# durability tests) do so with pg_ctl. Port, socket folder and settings are
# stored in the cluster's configuration, so a plain
#   pg_ctl -D "$TIMPORA_PG_DATA" -w start
# brings the server back with the same port and settings.
#
# Environment knobs:
#   TIMPORA_PG_BINDIR  use the PostgreSQL binaries in this folder instead of
#                      looking them up (when several versions are installed)
#   TMPDIR             where the temporary data folder is created

set -euo pipefail

prog=$(basename "$0")

die() {
  printf '%s: %s\n' "$prog" "$*" >&2
  exit 1
}

if [[ $# -eq 0 ]]; then
  printf 'usage: %s <command> [args...]\n' "$prog" >&2
  exit 2
fi

# --- Bring-your-own database -------------------------------------------------
# exec keeps signal handling and exit status entirely the command's own.
if [[ -n "${ConnectionStrings__Timpora:-}" ]]; then
  exec "$@"
fi

# --- Locate the PostgreSQL server binaries -----------------------------------
# pg_config knows where the server binaries of the installed version live
# (Debian/Ubuntu keep them out of PATH under /usr/lib/postgresql/<ver>/bin).
# If pg_config is missing or belongs to a client-only install (libpq-dev of
# another version), fall back to the newest Debian-style folder, then to
# Homebrew's postgresql@15, which is keg-only and so not on PATH by default,
# then to whatever is on PATH.
has_server_bins() {
  [[ -n "$1" && -x "$1/initdb" && -x "$1/pg_ctl" && -x "$1/psql" ]]
}

find_bindir() {
  local dir
  if [[ -n "${TIMPORA_PG_BINDIR:-}" ]]; then
    has_server_bins "$TIMPORA_PG_BINDIR" ||
      die "TIMPORA_PG_BINDIR=$TIMPORA_PG_BINDIR does not contain initdb, pg_ctl and psql"
    printf '%s\n' "$TIMPORA_PG_BINDIR"
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if has_server_bins "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  fi
  # sort -V orders version folders numerically (15 after 9.6).
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if has_server_bins "$dir"; then
    printf '%s\n' "$dir"
    return 0
  fi
  for dir in /opt/homebrew/opt/postgresql@15/bin /usr/local/opt/postgresql@15/bin; do
    if has_server_bins "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  if command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(command -v pg_ctl)")
    if has_server_bins "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  fi
  return 1
}

if ! bindir=$(find_bindir); then
  cat >&2 <<EOF
$prog: PostgreSQL server binaries (initdb, pg_ctl) not found.
  Install PostgreSQL 15:
    Debian/Ubuntu:  sudo apt-get install postgresql-15
    macOS:          brew install postgresql@15
  or run PostgreSQL yourself (e.g. 'docker compose up') and set
  ConnectionStrings__Timpora to point at it.
EOF
  exit 1
fi

# "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18"
pg_version=$("$bindir/pg_ctl" --version 2>/dev/null | sed -nE 's/^[^0-9]*([0-9]+(\.[0-9]+)?).*/\1/p' | head -n 1)
case "$pg_version" in
  15|15.*) ;;
  *) printf '%s: warning: using PostgreSQL %s from %s; the project targets PostgreSQL 15\n' \
       "$prog" "${pg_version:-?}" "$bindir" >&2 ;;
esac

# --- Run the server as a non-root user ---------------------------------------
# initdb and pg_ctl refuse to run as root (a compromised server must not own
# the machine). Containers and CI runners often run as root, so there the
# server runs as the conventional "postgres" system user instead.
pg_osuser=""
if [[ "$(id -u)" -eq 0 ]]; then
  pg_osuser=postgres
  command -v runuser >/dev/null 2>&1 ||
    die "running as root needs 'runuser' (util-linux) to start PostgreSQL as user postgres; run as a normal user instead"
  if ! id -u "$pg_osuser" >/dev/null 2>&1; then
    useradd --system --no-create-home "$pg_osuser" ||
      die "could not create system user '$pg_osuser'"
  fi
fi

# Run a PostgreSQL server tool, as the postgres user when we are root.
# The cd avoids "could not change directory" warnings when the current folder
# (e.g. /root) is not readable by the postgres user.
as_pg() {
  if [[ -n "$pg_osuser" ]]; then
    (cd / && runuser -u "$pg_osuser" -- "$@")
  else
    "$@"
  fi
}

# --- Cleanup, installed before anything needs cleaning up --------------------
workdir=""          # temporary folder holding the cluster and its logs
datadir=""          # the cluster itself ($workdir/data)
child_pid=""
server_started=0

cleanup() {
  local rc=$?
  # Finish tearing down even if more signals arrive (an impatient second
  # Ctrl-C must not leave a server running or a folder behind).
  trap '' INT TERM HUP
  if [[ "$server_started" -eq 1 && -f "$datadir/postmaster.pid" ]]; then
    # fast: disconnect clients (tests may leave connections open) and shut
    # down cleanly; immediate only if that does not finish in time.
    as_pg "$bindir/pg_ctl" -D "$datadir" -w -t 60 -m fast stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$datadir" -w -t 30 -m immediate stop >/dev/null 2>&1 ||
      printf '%s: warning: could not stop PostgreSQL in %s\n' "$prog" "$datadir" >&2
  fi
  if [[ -n "$workdir" && -d "$workdir" ]]; then
    rm -rf -- "$workdir"
  fi
  exit "$rc"
}

# Before the command runs, INT/TERM/HUP simply abort (the EXIT trap cleans up).
# Once it runs, they are forwarded to it so it can shut down cleanly (ASP.NET
# draining requests, dotnet test tearing down its test host); the script keeps
# waiting for it and cleans up afterwards.
on_signal() {
  local sig=$1 code=$2
  if [[ -n "$child_pid" ]]; then
    kill -s "$sig" "$child_pid" 2>/dev/null || true
  else
    exit "$code"
  fi
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# --- Create the cluster ------------------------------------------------------
workdir=$(mktemp -d "${TMPDIR:-/tmp}/timpora-pg.XXXXXX")
# Absolute, symlink-free path: it ends up in the server configuration and in
# TIMPORA_PG_DATA, which must stay valid from any working directory.
workdir=$(cd "$workdir" && pwd -P)
datadir="$workdir/data"

if [[ -n "$pg_osuser" ]]; then
  chown "$pg_osuser" "$workdir"
  as_pg test -w "$workdir" ||
    die "user $pg_osuser cannot write to $workdir; is ${TMPDIR:-/tmp} accessible to it? Try TMPDIR=/tmp"
fi

# UTF8 with the C.UTF-8 locale gives byte-order (machine independent)
# sorting with full Unicode character classification, so results do not
# depend on the developer's locale. Not every system has C.UTF-8 (macOS,
# older distributions); C with UTF8 encoding is the portable fallback.
initdb_ok=0
for locale_arg in --locale=C.UTF-8 --no-locale; do
  rm -rf -- "$datadir"   # initdb wants a fresh folder; drop a failed attempt
  if as_pg "$bindir/initdb" -D "$datadir" --auth=trust --username=postgres \
       --encoding=UTF8 "$locale_arg" >"$workdir/initdb.log" 2>&1; then
    initdb_ok=1
    break
  fi
done
if [[ "$initdb_ok" -ne 1 ]]; then
  printf '%s: initdb failed:\n' "$prog" >&2
  tail -n 50 "$workdir/initdb.log" >&2 || true
  exit 1
fi

# --- Start the server on a free port -----------------------------------------
# A port is free if nothing accepts a connection on it. Ports are drawn at
# random from 20000-32767: away from well-known ports and below Linux's
# default ephemeral range (32768-60999), where outgoing connections would
# compete for them. Random starting points keep concurrent runs apart.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_free_port() {
  local tries
  for ((tries = 0; tries < 500; tries++)); do
    port=$((20000 + RANDOM % 12768))
    if ! port_in_use "$port"; then
      return 0
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

# Settings live in the cluster's own configuration rather than on the pg_ctl
# command line, so tests that stop and restart the server with a plain
# 'pg_ctl -D "$TIMPORA_PG_DATA" start' get the same port and settings back.
#  - TCP on loopback only: nothing outside this machine can reach a
#    trust-authenticated server.
#  - Unix socket inside the cluster folder: the default (/var/run/postgresql)
#    may not exist or be writable, and a private folder cannot clash with
#    another server's socket.
#  - max_connections 300: Npgsql pools up to 100 connections per application
#    instance, and tests may run several instances side by side.
#  - fsync and synchronous_commit explicitly on: the database is throwaway,
#    but tests that restart or crash the server must see real durability.
write_settings() {
  cat >"$datadir/timpora.conf" <<CONF
# Settings of the throwaway cluster started by scripts/with-postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$datadir'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
  if [[ -n "$pg_osuser" ]]; then
    chown "$pg_osuser" "$datadir/timpora.conf"
  fi
}
printf "\ninclude 'timpora.conf'\n" >>"$datadir/postgresql.conf"

server_log="$datadir/server.log"
port=""
started=0
# A concurrent run (or any other program) can grab the chosen port between
# the check and the server binding it; in that case try another port.
for attempt in 1 2 3 4 5; do
  pick_free_port
  write_settings
  rm -f -- "$server_log"
  server_started=1  # from here on, cleanup must try to stop it
  if as_pg "$bindir/pg_ctl" -D "$datadir" -w -t 60 -l "$server_log" start >/dev/null 2>&1; then
    started=1
    break
  fi
  if grep -qE 'could not bind|could not create any TCP/IP sockets|Address already in use' "$server_log" 2>/dev/null &&
     ! [[ -f "$datadir/postmaster.pid" ]]; then
    continue
  fi
  break
done
if [[ "$started" -ne 1 ]]; then
  printf '%s: PostgreSQL failed to start; last lines of %s:\n' "$prog" "$server_log" >&2
  tail -n 50 "$server_log" >&2 2>/dev/null || true
  exit 1
fi

# -X: ignore the user's ~/.psqlrc, which could print or change behaviour.
"$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c 'create database timpora' >/dev/null ||
  die "could not create database timpora"

# The password is not checked (trust authentication); it is there so the
# string has the same shape as one for a password-protected server.
export ConnectionStrings__Timpora="Host=127.0.0.1;Port=$port;Database=timpora;Username=postgres;Password=postgres;Maximum Pool Size=100"
export TIMPORA_PG_PORT="$port"
export TIMPORA_PG_BINDIR="$bindir"
export TIMPORA_PG_DATA="$datadir"
export TIMPORA_PG_OSUSER="$pg_osuser"

printf '%s: PostgreSQL %s on 127.0.0.1:%s, data in %s (removed on exit)\n' \
  "$prog" "${pg_version:-?}" "$port" "$datadir" >&2
# So that a second terminal can run commands (integrity, projections, psql) against the same database.
printf "%s: to use it from another terminal while it runs:\n  export ConnectionStrings__Timpora='%s'\n" \
  "$prog" "$ConnectionStrings__Timpora" >&2

# --- Run the command ---------------------------------------------------------
# As a child rather than exec, so the server can be stopped afterwards.
# Without job control bash starts background commands with INT/QUIT ignored
# and stdin from /dev/null; 'trap -' and the explicit '<&0' undo both, so
# the command behaves as if run in the foreground (Ctrl-C, reading input).
(
  trap - INT QUIT TERM HUP
  exec "$@"
) <&0 &
child_pid=$!

# wait returns early (status > 128) whenever a trapped signal arrives, so
# keep waiting while the child is alive; bash records the child's exit
# status, which the final wait then reports.
while kill -0 "$child_pid" 2>/dev/null; do
  wait "$child_pid" || true
done
status=0
wait "$child_pid" || status=$?
exit "$status"
