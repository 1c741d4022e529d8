#!/usr/bin/env bash
# Build and run the whole test suite against a throwaway PostgreSQL.
#
#   scripts/test.sh [extra dotnet test args...]
#
# This is the single definition of "the tests": the README points here and
# CI (.ci/run) calls it, so both always run exactly the same command.
# Extra arguments go to dotnet test, e.g.
#   scripts/test.sh --filter "FullyQualifiedName~Cases"
# Set ConnectionStrings__Timpora to test against an existing database instead
# (see scripts/with-postgres.sh).

set -euo pipefail

# Paths below are relative to the repository root, wherever this is run from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The API in production loads the handler code committed under
# src/Timpora.Api/Internal/Generated: it must match the endpoints as they are.
scripts/codegen.sh --check

# Release: test what ships. Normal console verbosity lists every test with
# its outcome, so a CI log shows what ran, not just a summary.
exec scripts/with-postgres.sh \
  dotnet test Timpora.Cases.sln -c Release --logger "console;verbosity=normal" "$@"
