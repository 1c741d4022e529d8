#!/usr/bin/env bash
# Run the API locally (Development environment) against a throwaway PostgreSQL.
#
#   scripts/run.sh [application args...]
#
# Arguments are passed to the application (after "--"), not to dotnet run;
# application arguments override environment settings, so e.g.
#   scripts/run.sh --environment Staging
# runs in another environment.
# The API listens on $ASPNETCORE_URLS, http://localhost:5080 unless set.
# The database lives only as long as the process; set ConnectionStrings__Timpora
# to use a persistent database instead (see scripts/with-postgres.sh).

set -euo pipefail

# Paths below are relative to the repository root, wherever this is run from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A fixed default port gives the README's URLs something to point at;
# an explicit ASPNETCORE_URLS (other port, all interfaces) wins.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"

# dotnet run's --environment (-e) takes KEY=VALUE and sets an environment
# variable for the application ("--environment Development" alone would set a
# variable named "Development"). Values given this way also take precedence
# over the launch profile (Properties/launchSettings.json), whose
# applicationUrl would otherwise replace the ASPNETCORE_URLS chosen above.
exec scripts/with-postgres.sh \
  dotnet run --project src/Timpora.Api -c Release \
  --environment ASPNETCORE_ENVIRONMENT=Development \
  --environment "ASPNETCORE_URLS=$ASPNETCORE_URLS" \
  -- "$@"
