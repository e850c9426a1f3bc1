# shellcheck shell=bash
# Smo end to end on the simulated federation, as scripts/demo.sh and bench/run.sh run it: the local services,
# the federation simulator and the Smo host as child processes, and one teardown that stops what was started.
# Source it after common.sh.
#
#   stack_services_up SERVICE...   starts the scripts/services.sh services not running yet (those are stopped
#                                  again by stack_down); "alertmanager" is (re)started with its webhook at the
#                                  host's /alerts (with a bearer token of the run's own, STACK_WEBHOOK_TOKEN,
#                                  which stack_host_up gives the host) and restored afterwards; sets STACK_PROMETHEUS,
#                                  STACK_RULES_DIR and STACK_TARGETS_DIR
#   stack_build                    builds the host and the simulator (Release)
#   stack_simulator_up SCENARIO    starts the simulator on $STACK_SIM (scraped by Prometheus through a file_sd
#                                  target, its PrometheusRules rendered into Prometheus's rules dir); the scrape
#                                  interval is Prometheus's (250 ms) unless STACK_SCRAPE_INTERVAL (e.g. 5s) is set
#   stack_host_up CONNECTION [NAME=VALUE...]
#                                  starts the host on $STACK_HOST against PostgreSQL CONNECTION, the simulator
#                                  (Karmada and the helm stand-in) and Prometheus; NAME=VALUE are extra settings
#                                  (e.g. Smo__Graphs__ScalingInterval=00:00:01)
#   stack_down                     stops the host and the simulator, removes the files written, stops the
#                                  services started and restores Alertmanager; safe to call more than once
#   stack_wait_http URL PID WHAT SECONDS
#                                  waits for URL to answer 2xx; dies when process PID exits or time runs out
#
# STACK_NAME (set before sourcing, default "stack") names the logs ($SMO_DATA_DIR/$STACK_NAME-host.log and
# -simulator.log) and the files dropped for Prometheus. Ports: SMO_PORT [7071], SMO_SIMULATOR_PORT [18080].

STACK_NAME=${STACK_NAME:-stack}
STACK_HOST_PORT=${SMO_PORT:-7071}
STACK_HOST="http://127.0.0.1:$STACK_HOST_PORT"
STACK_SIM_PORT=${SMO_SIMULATOR_PORT:-18080}
STACK_SIM="http://127.0.0.1:$STACK_SIM_PORT"
STACK_HOST_LOG="$SMO_DATA_DIR/$STACK_NAME-host.log"
STACK_SIM_LOG="$SMO_DATA_DIR/$STACK_NAME-simulator.log"
STACK_HOST_DLL="$SMO_ROOT/src/Functions/bin/Release/net10.0/linux-x64/Smo.Functions.dll"
STACK_SIM_DLL="$SMO_ROOT/src/Simulator/bin/Release/net10.0/Smo.Simulator.dll"
STACK_HOST_PID=""
STACK_SIM_PID=""
STACK_PROMETHEUS=""
STACK_RULES_DIR=""
STACK_TARGETS_DIR=""
STACK_WEBHOOK_TOKEN=""
_stack_started=()
_stack_alertmanager=0
_stack_restore_alertmanager=0
_stack_files=()

stack_services_up() {
  local svc env_lines wanted=()
  for svc in "$@"; do
    [[ "$svc" == alertmanager ]] && _stack_alertmanager=1 && continue
    wanted+=("$svc")
    "$SMO_ROOT/scripts/services.sh" status "$svc" >/dev/null 2>&1 || _stack_started+=("$svc")
  done
  env_lines=$("$SMO_ROOT/scripts/services.sh" up "${wanted[@]}")
  if ((_stack_alertmanager)); then
    # Alertmanager posts to the host: started (again) with our webhook, restored by stack_down.
    "$SMO_ROOT/scripts/services.sh" status alertmanager >/dev/null 2>&1 && _stack_restore_alertmanager=1
    "$SMO_ROOT/scripts/services.sh" down alertmanager >&2
    # With a token of this run's own, as a deployment would give Alertmanager its credential for the webhook.
    STACK_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    env_lines+=$'\n'$(SMO_ALERTMANAGER_WEBHOOK="$STACK_HOST/alerts" SMO_ALERTMANAGER_WEBHOOK_TOKEN="$STACK_WEBHOOK_TOKEN" \
      "$SMO_ROOT/scripts/services.sh" up alertmanager)
  fi
  STACK_PROMETHEUS=$(sed -n 's/^SMO_PROMETHEUS=//p' <<<"$env_lines")
  STACK_RULES_DIR=$(sed -n 's/^SMO_PROMETHEUS_RULES_DIR=//p' <<<"$env_lines")
  STACK_TARGETS_DIR=$(sed -n 's/^SMO_PROMETHEUS_TARGETS_DIR=//p' <<<"$env_lines")
}

stack_build() {
  smo_log "building the host and the simulator (Release)"
  dotnet build "$SMO_ROOT/src/Functions/Smo.Functions.csproj" -c Release -nologo -v quiet >&2 || smo_die "build of the host failed"
  dotnet build "$SMO_ROOT/src/Simulator/Smo.Simulator.csproj" -c Release -nologo -v quiet >&2 || smo_die "build of the simulator failed"
}

stack_wait_http() {
  local url=$1 pid=$2 what=$3 deadline=$((SECONDS + $4))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || smo_die "$what exited; see its log"
    ((SECONDS < deadline)) || smo_die "$what did not answer $url within $4 s"
    sleep 0.5
  done
}

stack_simulator_up() {
  local scenario=$1
  [[ -n "$STACK_RULES_DIR" && -n "$STACK_TARGETS_DIR" ]] || smo_die "stack_simulator_up needs Prometheus (stack_services_up prometheus)"
  smo_port_open 127.0.0.1 "$STACK_SIM_PORT" && smo_die "port $STACK_SIM_PORT is already in use (set SMO_SIMULATOR_PORT)"
  local rules_file="$STACK_RULES_DIR/smo-$STACK_NAME.yml" targets_file="$STACK_TARGETS_DIR/smo-$STACK_NAME.json"
  _stack_files+=("$rules_file" "$targets_file")
  dotnet "$STACK_SIM_DLL" --urls "$STACK_SIM" --scenario "$scenario" --prometheus-rules-file "$rules_file" \
    >"$STACK_SIM_LOG" 2>&1 &
  STACK_SIM_PID=$!
  stack_wait_http "$STACK_SIM/sim/state" "$STACK_SIM_PID" "the simulator" 60
  smo_log "simulator on $STACK_SIM (log: $STACK_SIM_LOG)"
  local labels='"job":"smo-simulator"'
  if [[ -n "${STACK_SCRAPE_INTERVAL:-}" ]]; then
    # A large simulated fleet exports tens of thousands of series: scraped every 250 ms they would load the
    # machine more than what is measured. The target's own interval and timeout override the global ones.
    [[ "$STACK_SCRAPE_INTERVAL" =~ ^[1-9][0-9]*s$ ]] || smo_die "STACK_SCRAPE_INTERVAL takes whole seconds (e.g. 5s)"
    labels+=",\"__scrape_interval__\":\"$STACK_SCRAPE_INTERVAL\",\"__scrape_timeout__\":\"$STACK_SCRAPE_INTERVAL\""
  fi
  printf '[{"targets":["127.0.0.1:%s"],"labels":{%s}}]\n' "$STACK_SIM_PORT" "$labels" >"$targets_file"
}

# The helm stand-in finds the simulator through a kubeconfig, as helm finds a cluster.
_stack_write_kubeconfig() {
  cat >"$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: karmada
  cluster:
    server: $STACK_SIM
contexts:
- name: karmada
  context:
    cluster: karmada
    user: smo
current-context: karmada
users:
- name: smo
  user: {}
KUBECONFIG
}

stack_host_up() {
  local connection=$1
  shift
  smo_port_open 127.0.0.1 "$STACK_HOST_PORT" && smo_die "port $STACK_HOST_PORT is already in use (set SMO_PORT)"
  local kubeconfig="$SMO_DATA_DIR/$STACK_NAME-kubeconfig"
  _stack_write_kubeconfig "$kubeconfig"
  env ConnectionStrings__Postgres="$connection" ASPNETCORE_URLS="$STACK_HOST" \
    Smo__Karmada__Host="$STACK_SIM" \
    Smo__Helm__BinaryPath="$SMO_ROOT/src/Simulator/bin/Release/net10.0/helm-standin/helm" \
    Smo__Helm__KubeconfigPath="$kubeconfig" Smo__Helm__PlainHttp=true \
    Smo__Prometheus__BaseUrl="$STACK_PROMETHEUS" \
    ${STACK_WEBHOOK_TOKEN:+Smo__Alerts__WebhookToken=$STACK_WEBHOOK_TOKEN} \
    "$@" dotnet "$STACK_HOST_DLL" >"$STACK_HOST_LOG" 2>&1 &
  STACK_HOST_PID=$!
  stack_wait_http "$STACK_HOST/health" "$STACK_HOST_PID" "the Smo host" 120
  smo_log "Smo host on $STACK_HOST (log: $STACK_HOST_LOG; API reference at $STACK_HOST/docs, console at $STACK_HOST/console/)"
}

_stack_stop_process() {
  local name=$1 pid=$2
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    smo_log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

stack_down() {
  _stack_stop_process "the Smo host" "$STACK_HOST_PID"
  _stack_stop_process "the simulator" "$STACK_SIM_PID"
  STACK_HOST_PID="" STACK_SIM_PID=""
  if ((${#_stack_files[@]})); then
    rm -f "${_stack_files[@]}"
    _stack_files=()
  fi
  if ((_stack_alertmanager)); then
    "$SMO_ROOT/scripts/services.sh" down alertmanager >&2 || true
    if ((_stack_restore_alertmanager)); then
      "$SMO_ROOT/scripts/services.sh" up alertmanager >/dev/null || smo_warn "could not restart alertmanager"
    fi
    _stack_alertmanager=0
  fi
  if ((${#_stack_started[@]})); then
    "$SMO_ROOT/scripts/services.sh" down "${_stack_started[@]}" >&2 || smo_warn "could not stop ${_stack_started[*]}"
    _stack_started=()
  fi
}
