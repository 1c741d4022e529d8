#!/usr/bin/env bash
# Mint a development bearer token (HS256, signed with the Development key in
# src/Timpora.Api/appsettings.Development.json) and print only the token.
#
#   scripts/token.sh --user inv-andi --name "Andi Saputra" --agency IMIGRASI --role investigator [--hours 8]
#   scripts/token.sh --help
#
# No database is needed. The API is built once, in the configuration
# scripts/run.sh uses, and again only when a source file is newer than the
# build; a token then takes under two seconds. An unknown role or agency is an
# error on stderr and a non-zero exit, never an empty token.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

dll=src/Timpora.Api/bin/Release/net10.0/Timpora.Api.dll
if [[ ! -f $dll ]] || [[ -n $(find src \( -name bin -o -name obj \) -prune -o -type f -newer "$dll" -print -quit) ]]; then
  dotnet build src/Timpora.Api -c Release -nologo -v quiet -clp:ErrorsOnly >&2
fi

# From the build's folder, where the Development settings are; logging quiet and the command line's blank
# lines dropped, so stdout is the token alone (or the help asked for).
cd "$(dirname "$dll")"
ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Logging__LogLevel__Wolverine=Warning \
  dotnet "$(basename "$dll")" token "$@" | { grep -v '^[[:space:]]*$' || true; }
