# shellcheck shell=bash
# Prometheus, Alertmanager and the OCI registry from Debian, configured for tests: everything on
# 127.0.0.1, short intervals, config files rewritten on every start under $SMO_DATA_DIR.
# Source it after common.sh and daemon.sh; scripts/services.sh wraps these functions.

PROMETHEUS_HOST=127.0.0.1
PROMETHEUS_PORT="${SMO_PROMETHEUS_PORT:-9090}"
PROMETHEUS_DIR="$SMO_DATA_DIR/prometheus"
# Tests drop file_sd target lists here (JSON) and rule files (*.yml) for Prometheus to load.
PROMETHEUS_TARGETS_DIR="$PROMETHEUS_DIR/targets"
PROMETHEUS_RULES_DIR="$PROMETHEUS_DIR/rules"

ALERTMANAGER_HOST=127.0.0.1
ALERTMANAGER_PORT="${SMO_ALERTMANAGER_PORT:-9093}"
ALERTMANAGER_DIR="$SMO_DATA_DIR/alertmanager"
ALERTMANAGER_WEBHOOK="${SMO_ALERTMANAGER_WEBHOOK:-http://127.0.0.1:19093/alerts}"
# When set, Alertmanager sends it as "Authorization: Bearer" (Smo's Smo:Alerts:WebhookToken), from a file only its user reads.
ALERTMANAGER_WEBHOOK_TOKEN="${SMO_ALERTMANAGER_WEBHOOK_TOKEN:-}"

REGISTRY_HOST=127.0.0.1
REGISTRY_PORT="${SMO_REGISTRY_PORT:-5000}"
REGISTRY_DIR="$SMO_DATA_DIR/registry"

# ---------------------------------------------------------------- prometheus
_prometheus_write_config() {
  mkdir -p "$PROMETHEUS_DIR/tsdb" "$PROMETHEUS_TARGETS_DIR" "$PROMETHEUS_RULES_DIR"
  cat >"$PROMETHEUS_DIR/prometheus.yml" <<YAML
# Written by scripts/lib/monitoring.sh on every start: edits here are overwritten.
global:
  scrape_interval: 250ms
  evaluation_interval: 1s
rule_files:
  - $PROMETHEUS_RULES_DIR/*.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['$ALERTMANAGER_HOST:$ALERTMANAGER_PORT']
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['$PROMETHEUS_HOST:$PROMETHEUS_PORT']
  - job_name: smo-tests
    file_sd_configs:
      - files: ['$PROMETHEUS_TARGETS_DIR/*.json']
        refresh_interval: 1s
YAML
  promtool check config "$PROMETHEUS_DIR/prometheus.yml" >/dev/null 2>&1 \
    || { promtool check config "$PROMETHEUS_DIR/prometheus.yml" >&2; smo_die "prometheus: generated config is invalid"; }
}

monitoring_prometheus_up() {
  daemon_up_already prometheus prometheus "$PROMETHEUS_HOST" "$PROMETHEUS_PORT" && return 0
  daemon_ensure_installed prometheus prometheus
  _prometheus_write_config
  # resend-delay 1s: otherwise an alert that fires right after start reaches Alertmanager a minute late.
  daemon_start prometheus "$PROMETHEUS_HOST" "$PROMETHEUS_PORT" -- prometheus \
    --config.file="$PROMETHEUS_DIR/prometheus.yml" \
    --storage.tsdb.path="$PROMETHEUS_DIR/tsdb" --storage.tsdb.retention.time=1d \
    --web.listen-address="$PROMETHEUS_HOST:$PROMETHEUS_PORT" \
    --web.enable-lifecycle --rules.alert.resend-delay=1s
}

monitoring_prometheus_status() {
  daemon_status prometheus prometheus "$PROMETHEUS_HOST" "$PROMETHEUS_PORT" "data $PROMETHEUS_DIR"
}

monitoring_prometheus_env() {
  echo "SMO_PROMETHEUS=http://$PROMETHEUS_HOST:$PROMETHEUS_PORT"
  echo "SMO_PROMETHEUS_TARGETS_DIR=$PROMETHEUS_TARGETS_DIR"
  echo "SMO_PROMETHEUS_RULES_DIR=$PROMETHEUS_RULES_DIR"
}

# ---------------------------------------------------------------- alertmanager
_alertmanager_write_config() {
  mkdir -p "$ALERTMANAGER_DIR/data"
  local token_file="$ALERTMANAGER_DIR/webhook-token" auth=""
  rm -f "$token_file"
  if [[ -n "$ALERTMANAGER_WEBHOOK_TOKEN" ]]; then
    (umask 077 && printf '%s' "$ALERTMANAGER_WEBHOOK_TOKEN" >"$token_file")
    auth=$'\n        http_config:\n          authorization:\n            type: Bearer\n            credentials_file: \''"$token_file"\'
  fi
  cat >"$ALERTMANAGER_DIR/alertmanager.yml" <<YAML
# Written by scripts/lib/monitoring.sh on every start: edits here are overwritten.
route:
  receiver: smo
  group_by: ['alertname', 'service']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: smo
    webhook_configs:
      - url: '$ALERTMANAGER_WEBHOOK'
        send_resolved: true$auth
YAML
  amtool check-config "$ALERTMANAGER_DIR/alertmanager.yml" >/dev/null 2>&1 \
    || { amtool check-config "$ALERTMANAGER_DIR/alertmanager.yml" >&2; smo_die "alertmanager: generated config is invalid"; }
}

monitoring_alertmanager_up() {
  daemon_up_already alertmanager prometheus-alertmanager "$ALERTMANAGER_HOST" "$ALERTMANAGER_PORT" && return 0
  daemon_ensure_installed prometheus-alertmanager prometheus-alertmanager
  _alertmanager_write_config
  # A fresh notification log each start: the old one remembers groups already notified within repeat_interval,
  # so the same alert in the next test or demo run within the hour would never reach its webhook.
  rm -rf "$ALERTMANAGER_DIR/data"
  # An empty cluster address turns gossip off (a single, private Alertmanager).
  daemon_start alertmanager "$ALERTMANAGER_HOST" "$ALERTMANAGER_PORT" -- prometheus-alertmanager \
    --config.file="$ALERTMANAGER_DIR/alertmanager.yml" --storage.path="$ALERTMANAGER_DIR/data" \
    --web.listen-address="$ALERTMANAGER_HOST:$ALERTMANAGER_PORT" --cluster.listen-address=
}

monitoring_alertmanager_status() {
  daemon_status alertmanager prometheus-alertmanager "$ALERTMANAGER_HOST" "$ALERTMANAGER_PORT" \
    "webhook $ALERTMANAGER_WEBHOOK"
}

monitoring_alertmanager_env() {
  echo "SMO_ALERTMANAGER=http://$ALERTMANAGER_HOST:$ALERTMANAGER_PORT"
  echo "SMO_ALERTMANAGER_WEBHOOK=$ALERTMANAGER_WEBHOOK"
}

# ---------------------------------------------------------------- registry
_registry_write_config() {
  mkdir -p "$REGISTRY_DIR/storage"
  cat >"$REGISTRY_DIR/config.yml" <<YAML
# Written by scripts/lib/monitoring.sh on every start: edits here are overwritten.
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/storage
  delete:
    enabled: true
http:
  addr: $REGISTRY_HOST:$REGISTRY_PORT
YAML
}

monitoring_registry_up() {
  daemon_up_already registry docker-registry "$REGISTRY_HOST" "$REGISTRY_PORT" && return 0
  daemon_ensure_installed docker-registry docker-registry
  _registry_write_config
  daemon_start registry "$REGISTRY_HOST" "$REGISTRY_PORT" -- docker-registry serve "$REGISTRY_DIR/config.yml"
}

monitoring_registry_status() {
  daemon_status registry docker-registry "$REGISTRY_HOST" "$REGISTRY_PORT" "data $REGISTRY_DIR"
}

monitoring_registry_env() { echo "SMO_REGISTRY=http://$REGISTRY_HOST:$REGISTRY_PORT"; }
