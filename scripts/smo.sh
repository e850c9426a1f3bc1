#!/usr/bin/env bash
# The smo command line (src/Cli), built on first use:
#
#   scripts/smo.sh [--url URL] [--key KEY] [--config FILE] [--json] COMMAND ...     e.g. scripts/smo.sh graph list
#
# Talks to the Smo host at --url, $SMO_URL, the config file's url (smo init writes it) or http://127.0.0.1:7071
# (scripts/demo.sh starts one).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DLL="$ROOT/src/Cli/bin/Release/net10.0/smo.dll"
if [[ ! -f "$DLL" || -n "$(find "$ROOT/src/Cli" -name '*.cs' -newer "$DLL" -print -quit)" ]]; then
  DOTNET_NOLOGO=1 dotnet build "$ROOT/src/Cli/Smo.Cli.csproj" -c Release -nologo -v quiet >&2
fi
exec dotnet "$DLL" "$@"
