#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs (if missing) and starts/stops the local services Smo's tests need.
#
#   scripts/services.sh up|down|status [SERVICE ...]     (default: all services)
#
# Services:
#   postgres  PostgreSQL 15, 127.0.0.1:${SMO_PG_PORT:-55432}, state in $SMO_DATA_DIR/postgres.
#             fsync stays on unless SMO_PG_FAST=1 (tests), which turns off fsync,
#             synchronous_commit and full_page_writes for that start.
#   azurite   Azurite (Azure Storage emulator), blob/queue/table on 127.0.0.1:10000-10002,
#             state in $SMO_DATA_DIR/azurite; installed into .tools/ with npm.
#   prometheus  Prometheus (Debian), 127.0.0.1:${SMO_PROMETHEUS_PORT:-9090}; scrape and evaluation every 1 s,
#             lifecycle API on (POST /-/reload), alerts to the alertmanager below. Tests add scrape
#             targets as file_sd JSON files in $SMO_PROMETHEUS_TARGETS_DIR and rule files (*.yml) in
#             $SMO_PROMETHEUS_RULES_DIR. State in $SMO_DATA_DIR/prometheus.
#   alertmanager  Alertmanager (Debian), 127.0.0.1:${SMO_ALERTMANAGER_PORT:-9093}, no clustering; one receiver
#             posting every group (group_wait 0s, group_interval 1s) to
#             ${SMO_ALERTMANAGER_WEBHOOK:-http://127.0.0.1:19093/alerts}. State in $SMO_DATA_DIR/alertmanager.
#   registry  OCI registry (Debian docker-registry), 127.0.0.1:${SMO_REGISTRY_PORT:-5000}, plain HTTP,
#             no auth, deletes allowed. State in $SMO_DATA_DIR/registry.
#
# `up` prints KEY=VALUE lines for clients on stdout (e.g. SMO_POSTGRES=...);
# everything else goes to stderr. `status` prints one line per service and exits
# 0 if all are running, 3 otherwise. Everything is idempotent.
#
# Adding a service: define <name>_up, <name>_down, <name>_status (and optionally
# <name>_env, printing KEY=VALUE lines after `up`), then add <name> to SERVICES.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$SMO_ROOT/scripts/lib/postgres.sh"
# shellcheck source=lib/daemon.sh
source "$SMO_ROOT/scripts/lib/daemon.sh"
# shellcheck source=lib/monitoring.sh
source "$SMO_ROOT/scripts/lib/monitoring.sh"
SMO_LOG_TAG=services

SERVICES=(postgres azurite alertmanager prometheus registry)

# ---------------------------------------------------------------- postgres
postgres_select() { pg_select postgres "${SMO_PG_PORT:-55432}"; }
postgres_up() {
  postgres_select
  pg_up "${SMO_PG_FAST:-0}"
}
postgres_down() {
  postgres_select
  pg_down
}
postgres_status() {
  postgres_select
  pg_status
}
postgres_env() { echo "SMO_POSTGRES=$(pg_connstring "$PG_DATABASE")"; }

# ---------------------------------------------------------------- azurite
AZURITE_VERSION=3.37.0
AZURITE_HOST=127.0.0.1
AZURITE_BLOB_PORT=10000
AZURITE_QUEUE_PORT=10001
AZURITE_TABLE_PORT=10002
AZURITE_TOOLS="$SMO_ROOT/.tools"
AZURITE_JS="$AZURITE_TOOLS/node_modules/azurite/dist/src/azurite.js"
AZURITE_DIR="$SMO_DATA_DIR/azurite"
AZURITE_PID="$SMO_DATA_DIR/azurite.pid"
AZURITE_LOG="$SMO_DATA_DIR/azurite.log"

# Prints the pid of the Azurite this script started, if it is still alive.
_azurite_pid() {
  local pid
  [[ -f "$AZURITE_PID" ]] || return 1
  pid=$(<"$AZURITE_PID")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -qa azurite "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

_azurite_install() {
  if [[ -f "$AZURITE_JS" ]]; then
    return 0
  fi
  command -v node >/dev/null 2>&1 || smo_die "azurite: node is not installed (Node 20 expected)"
  command -v npm >/dev/null 2>&1 || smo_die "azurite: npm is not installed"
  smo_log "azurite: installing azurite@$AZURITE_VERSION into $AZURITE_TOOLS (about 30 s)"
  mkdir -p "$AZURITE_TOOLS"
  npm install --prefix "$AZURITE_TOOLS" "azurite@$AZURITE_VERSION" --no-audit --no-fund \
    --loglevel=error </dev/null >&2 || smo_die "azurite: npm install failed"
  [[ -f "$AZURITE_JS" ]] || smo_die "azurite: $AZURITE_JS missing after npm install"
}

azurite_up() {
  local pid
  if pid=$(_azurite_pid); then
    smo_log "azurite: already running (pid $pid, blob port $AZURITE_BLOB_PORT); left as is"
    return 0
  fi
  if smo_port_open "$AZURITE_HOST" "$AZURITE_BLOB_PORT"; then
    smo_warn "azurite: port $AZURITE_BLOB_PORT is in use by a process this script did not start;" \
      "assuming it is Azurite and leaving it alone"
    return 0
  fi
  _azurite_install
  mkdir -p "$AZURITE_DIR"
  smo_log "azurite: starting on $AZURITE_HOST:$AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT (data $AZURITE_DIR, log $AZURITE_LOG)"
  nohup setsid node "$AZURITE_JS" \
    --blobHost "$AZURITE_HOST" --blobPort "$AZURITE_BLOB_PORT" \
    --queueHost "$AZURITE_HOST" --queuePort "$AZURITE_QUEUE_PORT" \
    --tableHost "$AZURITE_HOST" --tablePort "$AZURITE_TABLE_PORT" \
    --location "$AZURITE_DIR" --skipApiVersionCheck --disableTelemetry --silent \
    </dev/null >>"$AZURITE_LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$AZURITE_PID"
  if ! smo_wait_port "$AZURITE_HOST" "$AZURITE_BLOB_PORT" 30 || ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$AZURITE_LOG" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$AZURITE_PID"
    smo_die "azurite: did not start listening on port $AZURITE_BLOB_PORT within 30 s (log: $AZURITE_LOG)"
  fi
  smo_log "azurite: running (pid $pid)"
}

azurite_down() {
  local pid i
  if ! pid=$(_azurite_pid); then
    rm -f "$AZURITE_PID"
    if smo_port_open "$AZURITE_HOST" "$AZURITE_BLOB_PORT"; then
      smo_log "azurite: port $AZURITE_BLOB_PORT is served by a process this script did not start; left alone"
    else
      smo_log "azurite: not running"
    fi
    return 0
  fi
  smo_log "azurite: stopping (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    smo_warn "azurite: still running after 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$AZURITE_PID"
  smo_log "azurite: stopped"
}

azurite_status() {
  local pid
  if pid=$(_azurite_pid); then
    echo "azurite: running on $AZURITE_HOST:$AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT (pid $pid; data $AZURITE_DIR)"
    return 0
  fi
  if smo_port_open "$AZURITE_HOST" "$AZURITE_BLOB_PORT"; then
    echo "azurite: running on $AZURITE_HOST:$AZURITE_BLOB_PORT (not started by this script)"
    return 0
  fi
  echo "azurite: stopped (ports $AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT)"
  return 3
}

# ---------------------------------------------------------------- alertmanager, prometheus, registry
# (scripts/lib/monitoring.sh). Alertmanager comes before Prometheus so that the first alerts have
# somewhere to go.
alertmanager_up() { monitoring_alertmanager_up; }
alertmanager_down() { daemon_stop alertmanager prometheus-alertmanager; }
alertmanager_status() { monitoring_alertmanager_status; }
alertmanager_env() { monitoring_alertmanager_env; }

prometheus_up() { monitoring_prometheus_up; }
prometheus_down() { daemon_stop prometheus prometheus; }
prometheus_status() { monitoring_prometheus_status; }
prometheus_env() { monitoring_prometheus_env; }

registry_up() { monitoring_registry_up; }
registry_down() { daemon_stop registry docker-registry; }
registry_status() { monitoring_registry_status; }
registry_env() { monitoring_registry_env; }

# ---------------------------------------------------------------- main
usage() {
  cat <<USAGE
usage: scripts/services.sh up|down|status [SERVICE ...]
services: ${SERVICES[*]} (default: all)
environment: SMO_DATA_DIR (default <repo>/.data), SMO_PG_PORT (default 55432),
             SMO_PG_FAST=1 (postgres without fsync; for tests only),
             SMO_PROMETHEUS_PORT (9090), SMO_ALERTMANAGER_PORT (9093), SMO_REGISTRY_PORT (5000),
             SMO_ALERTMANAGER_WEBHOOK (http://127.0.0.1:19093/alerts; read when alertmanager starts)
USAGE
}

main() {
  if (($# < 1)); then
    usage >&2
    exit 2
  fi
  local action=$1
  shift
  case "$action" in
    up | down | status) ;;
    -h | --help | help)
      usage
      exit 0
      ;;
    *)
      echo "unknown action: $action" >&2
      usage >&2
      exit 2
      ;;
  esac

  local -a selected=()
  local svc known
  if (($# == 0)); then
    selected=("${SERVICES[@]}")
  else
    for svc in "$@"; do
      known=0
      for s in "${SERVICES[@]}"; do
        [[ "$s" == "$svc" ]] && known=1
      done
      if ((!known)); then
        echo "unknown service: $svc" >&2
        usage >&2
        exit 2
      fi
      selected+=("$svc")
    done
  fi

  # Stop in reverse order of start.
  if [[ "$action" == down ]]; then
    local -a reversed=()
    local i
    for ((i = ${#selected[@]} - 1; i >= 0; i--)); do
      reversed+=("${selected[i]}")
    done
    selected=("${reversed[@]}")
  fi

  local rc=0
  for svc in "${selected[@]}"; do
    "${svc}_${action}" || rc=$?
  done

  if [[ "$action" == up ]]; then
    for svc in "${selected[@]}"; do
      if declare -F "${svc}_env" >/dev/null; then
        "${svc}_env"
      fi
    done
  fi
  return "$rc"
}

main "$@"
