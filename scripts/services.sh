#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs (if missing) and starts/stops the local services Smo's tests need.
#
#   scripts/services.sh up|down|restart|status [SERVICE ...]     (default: all services)
#
# Services:
#   postgres  PostgreSQL 15, 127.0.0.1:${SMO_PG_PORT:-55432}, state in $SMO_DATA_DIR/${SMO_PG_NAME:-postgres}.
#             fsync stays on unless SMO_PG_FAST=1 (tests), which turns off fsync,
#             synchronous_commit and full_page_writes for that start. SMO_PG_NAME and
#             SMO_PG_PORT select another cluster of its own (a test that restarts one).
#   azurite   Azurite (Azure Storage emulator), blob/queue/table on 127.0.0.1:10000-10002,
#             state in $SMO_DATA_DIR/azurite; installed into .tools/ with npm.
#   prometheus  Prometheus (Debian), 127.0.0.1:${SMO_PROMETHEUS_PORT:-9090}; scrape every 250 ms (a load
#             step shows within a quarter second), rule evaluation every 1 s, lifecycle API on
#             (POST /-/reload), alerts to the alertmanager below. Tests add scrape
#             targets as file_sd JSON files in $SMO_PROMETHEUS_TARGETS_DIR and rule files (*.yml) in
#             $SMO_PROMETHEUS_RULES_DIR. State in $SMO_DATA_DIR/prometheus.
#   alertmanager  Alertmanager (Debian), 127.0.0.1:${SMO_ALERTMANAGER_PORT:-9093}, no clustering; one receiver
#             posting every group (group_wait 0s, group_interval 1s) to
#             ${SMO_ALERTMANAGER_WEBHOOK:-http://127.0.0.1:19093/alerts}. State in $SMO_DATA_DIR/alertmanager.
#   registry  OCI registry (Debian docker-registry), 127.0.0.1:${SMO_REGISTRY_PORT:-5000}, plain HTTP,
#             no auth, deletes allowed. State in $SMO_DATA_DIR/registry.
#
# `restart` is down then up (a test's "the database went away and came back").
# `up` and `restart` print KEY=VALUE lines for clients on stdout (e.g. SMO_POSTGRES=...);
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
postgres_select() { pg_select "${SMO_PG_NAME:-postgres}" "${SMO_PG_PORT:-55432}"; }
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
# Pid file and log are daemon.sh's: $SMO_DATA_DIR/azurite.pid and azurite.log.

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
  daemon_up_already azurite azurite "$AZURITE_HOST" "$AZURITE_BLOB_PORT" && return 0
  _azurite_install
  mkdir -p "$AZURITE_DIR"
  daemon_start azurite "$AZURITE_HOST" "$AZURITE_BLOB_PORT" -- node "$AZURITE_JS" \
    --blobHost "$AZURITE_HOST" --blobPort "$AZURITE_BLOB_PORT" \
    --queueHost "$AZURITE_HOST" --queuePort "$AZURITE_QUEUE_PORT" \
    --tableHost "$AZURITE_HOST" --tablePort "$AZURITE_TABLE_PORT" \
    --location "$AZURITE_DIR" --skipApiVersionCheck --disableTelemetry --silent
}

azurite_down() { daemon_stop azurite azurite "$AZURITE_HOST" "$AZURITE_BLOB_PORT"; }

azurite_status() {
  daemon_status azurite azurite "$AZURITE_HOST" "$AZURITE_BLOB_PORT" "data $AZURITE_DIR" \
    "$AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT"
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
usage: scripts/services.sh up|down|restart|status [SERVICE ...]
services: ${SERVICES[*]} (default: all)
environment: SMO_DATA_DIR (default <repo>/.data), SMO_PG_PORT (default 55432), SMO_PG_NAME (default postgres),
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
    restart)
      main down "$@" && main up "$@"
      return
      ;;
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
