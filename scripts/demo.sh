#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The local demo: starts PostgreSQL and Azurite, builds and starts the Smo host on
# http://127.0.0.1:${SMO_PORT:-7071}, and drives the durable runtime through the
# host's HTTP API the way a client would:
#   1. one HelloCities orchestration through its HTTP starter, followed through the
#      Durable Functions status endpoint until it completes;
#   2. a burst of orchestrations, listed through the management API until all are done;
#   3. status, late events, purge and a bad filter on the management API.
# Ends with a summary and stops everything it started.
#
#   scripts/demo.sh [--duration SECONDS] [--burst N]
#
# --duration bounds the whole run (default 300 s); --burst sets how many
# orchestrations the burst starts (default 200). Exits 0 on success.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SMO_LOG_TAG=demo

DURATION=300
BURST=200
while (($#)); do
  case "$1" in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --burst) BURST=${2:?--burst needs a count}; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) smo_die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ && "$BURST" =~ ^[0-9]+$ ]] || smo_die "--duration and --burst take whole numbers"

PORT=${SMO_PORT:-7071}
BASE="http://127.0.0.1:$PORT"
MGMT="$BASE/runtime/webhooks/durabletask"
HOST_LOG="$SMO_DATA_DIR/demo-host.log"
DEADLINE=$((SECONDS + DURATION))
SERVICES=(postgres azurite)
started=()
host_pid=""

cleanup() {
  local rc=$?
  trap - EXIT
  if [[ -n "$host_pid" ]] && kill -0 "$host_pid" 2>/dev/null; then
    smo_log "stopping the Smo host (pid $host_pid)"
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  if ((${#started[@]})); then
    "$SMO_ROOT/scripts/services.sh" down "${started[@]}" >&2 || smo_warn "could not stop ${started[*]}"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

time_left() { ((SECONDS < DEADLINE)) || smo_die "the demo ran past --duration $DURATION s"; }
json_field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | cut -d'"' -f4; }
# Counts the instances the management API lists for a query string.
count_instances() { curl -fsS "$MGMT/instances?$1&top=1000" | { grep -o '"runtimeStatus"' || true; } | wc -l; }

cd "$SMO_ROOT"
mkdir -p "$SMO_DATA_DIR"

for svc in "${SERVICES[@]}"; do
  "$SMO_ROOT/scripts/services.sh" status "$svc" >/dev/null 2>&1 || started+=("$svc")
done
env_lines=$("$SMO_ROOT/scripts/services.sh" up "${SERVICES[@]}")
pg_connection=$(sed -n 's/^SMO_POSTGRES=//p' <<<"$env_lines")
[[ -n "$pg_connection" ]] || smo_die "services.sh did not report the PostgreSQL connection string"

smo_log "building the host (Release)"
dotnet build src/Functions/Smo.Functions.csproj -c Release -nologo -v quiet >&2 || smo_die "build failed"

smo_port_open 127.0.0.1 "$PORT" && smo_die "port $PORT is already in use (set SMO_PORT)"
smo_log "starting the Smo host on $BASE (log: $HOST_LOG)"
ConnectionStrings__Postgres="$pg_connection" ASPNETCORE_URLS="$BASE" \
  dotnet src/Functions/bin/Release/net10.0/linux-x64/Smo.Functions.dll >"$HOST_LOG" 2>&1 &
host_pid=$!
until curl -fsS "$BASE/health" 2>/dev/null | grep -q '"status":"Healthy"'; do
  kill -0 "$host_pid" 2>/dev/null || smo_die "the host exited; see $HOST_LOG"
  time_left
  sleep 0.5
done
smo_log "host is healthy"

echo
echo "== 1. One orchestration through an HTTP starter"
response=$(curl -fsS -X POST "$BASE/samples/hello-cities" -H 'Content-Type: application/json' \
  -d '["Brussels","Athens","Zurich"]')
instance=$(json_field id <<<"$response")
status_uri=$(json_field statusQueryGetUri <<<"$response")
echo "started HelloCities $instance"
echo "status: $status_uri"
while true; do
  time_left
  code=$(curl -sS -o "$SMO_DATA_DIR/demo-status.json" -w '%{http_code}' "$status_uri")
  status=$(json_field runtimeStatus <"$SMO_DATA_DIR/demo-status.json")
  printf '  HTTP %s  %s\n' "$code" "$status"
  [[ "$code" == 200 ]] && break
  sleep 0.2
done
[[ "$status" == Completed ]] || smo_die "HelloCities ended as $status"
echo "output: $(grep -o '"output":\[[^]]*\]' "$SMO_DATA_DIR/demo-status.json")"

echo
echo "== 2. A burst of $BURST orchestrations"
burst_start=$(date +%s.%N)
seq 1 "$BURST" | xargs -P 8 -I{} curl -fsS -o /dev/null -X POST "$MGMT/orchestrators/HelloCities/burst-{}" \
  -H 'Content-Type: application/json' -d '["Tokyo","Seattle","London","Lima","Oslo"]'
while true; do
  time_left
  completed=$(count_instances "instanceIdPrefix=burst-&runtimeStatus=Completed")
  printf '  %4d / %d completed\r' "$completed" "$BURST"
  ((completed >= BURST)) && break
  sleep 0.5
done
burst_seconds=$(echo "$(date +%s.%N) - $burst_start" | bc -l 2>/dev/null || echo 0)
echo
failed=$(count_instances "instanceIdPrefix=burst-&runtimeStatus=Failed,Terminated")
((failed == 0)) || smo_die "$failed burst orchestrations failed"

echo
echo "== 3. The management API on a finished instance"
http_code() { curl -sS -o /dev/null -w '%{http_code}' "$@"; }
echo "  GET    status        -> HTTP $(http_code "$MGMT/instances/$instance") (done)"
echo "  POST   raiseEvent    -> HTTP $(http_code -X POST "$MGMT/instances/$instance/raiseEvent/late" -d '1') (gone: already finished)"
echo "  DELETE purge         -> HTTP $(http_code -X DELETE "$MGMT/instances/$instance") (history purged)"
echo "  GET    status        -> HTTP $(http_code "$MGMT/instances/$instance") (no such instance)"
echo "  GET    bad filter    -> HTTP $(http_code "$MGMT/instances?runtimeStatus=Sleeping") (problem+json)"

echo
echo "== Summary"
printf '  host                %s (Functions-style, durable runtime on PostgreSQL)\n' "$BASE"
printf '  single instance     %s -> Completed\n' "$instance"
printf '  burst               %d orchestrations x 5 activities in %.1f s' "$BURST" "${burst_seconds:-0}"
if [[ "${burst_seconds:-0}" != 0 ]]; then
  printf ' (%.0f orchestrations/s, including HTTP and polling)' "$(echo "$BURST / $burst_seconds" | bc -l)"
fi
echo
printf '  management API      status 202/200, list, raiseEvent 410, purge 200/404, 400 on bad input\n'
printf '  demo took           %d s\n' "$SECONDS"
