#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The project's test command.
#
#   scripts/test.sh [DOTNET TEST ARGS...]     e.g. scripts/test.sh --filter "FullyQualifiedName~Durable"
#
# Starts the local services (PostgreSQL in fast mode, Azurite, Prometheus,
# Alertmanager, the OCI registry), installs Chromium (apt) if missing, builds
# Smo.Functions.sln in Release, runs its tests with SMO_POSTGRES set, tees the
# output to $SMO_DATA_DIR/test.log (default <repo>/.data/test.log) and ends with
# the line "N passed, N failed, N skipped".
# Exits non-zero if the build failed, a test failed, dotnet test failed, or no test ran.
# Services are left running, unless SMO_STOP_SERVICES=1: then the ones this
# script started are stopped again.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SMO_LOG_TAG="test"

SOLUTION=Smo.Functions.sln
SERVICES=(postgres azurite alertmanager prometheus registry)

cd "$SMO_ROOT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Plain console output (no live terminal logger), so the summary can be read from the log.
export MSBUILDTERMINALLOGGER=off

mkdir -p "$SMO_DATA_DIR"
LOG="$SMO_DATA_DIR/test.log"
: >"$LOG"

started=()
stop_started() {
  if ((${#started[@]})); then
    smo_log "stopping services started by this script: ${started[*]}"
    "$SMO_ROOT/scripts/services.sh" down "${started[@]}" >&2 || smo_warn "services.sh down failed"
    started=()
  fi
}
if [[ "${SMO_STOP_SERVICES:-0}" == 1 ]]; then
  for svc in "${SERVICES[@]}"; do
    if ! "$SMO_ROOT/scripts/services.sh" status "$svc" >/dev/null 2>&1; then
      started+=("$svc")
    fi
  done
fi
trap stop_started EXIT

# services.sh prints KEY=VALUE lines (SMO_POSTGRES=...) on stdout: export them.
env_lines=$(SMO_PG_FAST=1 "$SMO_ROOT/scripts/services.sh" up "${SERVICES[@]}") \
  || smo_die "could not start the services (scripts/services.sh up)"
while IFS= read -r line; do
  if [[ "$line" =~ ^[A-Z][A-Z0-9_]*= ]]; then
    export "${line?}"
    smo_log "$line"
  fi
done <<<"$env_lines"
[[ -n "${SMO_POSTGRES:-}" ]] || smo_die "services.sh up did not report SMO_POSTGRES"

# The web console's test drives Debian's Chromium through Playwright (never Playwright's own browser download).
command -v chromium >/dev/null 2>&1 || smo_apt_install chromium
export SMO_CHROMIUM="${SMO_CHROMIUM:-$(command -v chromium)}"
smo_log "SMO_CHROMIUM=$SMO_CHROMIUM"

finish() {
  local summary=$1 rc=$2
  stop_started
  trap - EXIT
  echo "$summary"
  exit "$rc"
}

build_rc=0
smo_log "dotnet build $SOLUTION -c Release"
dotnet build "$SOLUTION" -c Release 2>&1 | tee -a "$LOG" || build_rc=$?
if ((build_rc != 0)); then
  smo_log "build FAILED (exit $build_rc); log: $LOG"
  finish "0 passed, 0 failed, 0 skipped" "$build_rc"
fi

test_rc=0
smo_log "dotnet test $SOLUTION -c Release --no-build $*"
dotnet test "$SOLUTION" -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 \
  | tee -a "$LOG" || test_rc=$?

summary=$(awk -f "$SMO_ROOT/scripts/lib/test-summary.awk" "$LOG")
read -r passed _ failed _ skipped _ <<<"$summary"
rc=0
if ((test_rc != 0)); then
  smo_log "dotnet test exited with $test_rc; log: $LOG"
  rc=$test_rc
fi
if ((failed > 0)); then
  awk -f "$SMO_ROOT/scripts/lib/test-failures.awk" "$LOG" >&2
  smo_log "$failed test(s) FAILED; log: $LOG"
  rc=1
fi
if ((passed + failed == 0)); then
  smo_log "no test ran ($skipped skipped); log: $LOG"
  rc=1
fi
finish "$summary" "$rc"
