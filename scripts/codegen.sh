#!/usr/bin/env bash
# Writes the code Wolverine generates for every HTTP endpoint and message
# handler into src/Timpora.Api/Internal/Generated, where it is compiled into
# the API. In Production the API loads only these types (TypeLoadMode.Static):
# no Roslyn at start-up, and a missing type stops the node from starting.
#
#   scripts/codegen.sh           regenerate (commit the result with the change
#                                that made it necessary)
#   scripts/codegen.sh --check   regenerate and fail if that changed anything:
#                                the committed code is out of date
#
# Generating needs no database: the connection string and keys below only let
# the host configure itself.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) printf 'scripts/codegen.sh: unknown argument %s (use --check or nothing)\n' "$1" >&2; exit 2 ;;
esac

generated=src/Timpora.Api/Internal/Generated
before=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$before" "$log"' EXIT
[[ -d "$generated" ]] && cp -a "$generated/." "$before/"

# Stale files of removed endpoints must go too, so the folder is written afresh.
rm -rf "$generated"
if ! (cd src/Timpora.Api &&
      ASPNETCORE_ENVIRONMENT=Production \
      ConnectionStrings__Timpora='Host=127.0.0.1;Port=1;Database=codegen;Username=codegen' \
      Auth__SigningKey=codegen-only-signing-key-0123456789abcdef \
      Integrity__Key=codegen-only-integrity-key-0123456789abcdef \
      dotnet run -c Release --no-launch-profile -- codegen write) >"$log" 2>&1; then
  cat "$log" >&2
  printf 'scripts/codegen.sh: codegen write failed\n' >&2
  exit 1
fi

count=$(find "$generated" -name '*.cs' | wc -l)
if [[ "$check" == 1 ]]; then
  if ! diff -r "$before" "$generated" >/dev/null; then
    diff -r "$before" "$generated" | head -n 40 >&2 || true
    printf '\nscripts/codegen.sh: the generated code in %s was out of date; it has been rewritten: review and commit it.\n' "$generated" >&2
    exit 1
  fi
  printf 'Generated code is up to date (%s files).\n' "$count"
else
  printf 'Wrote %s generated files to %s.\n' "$count" "$generated"
fi
