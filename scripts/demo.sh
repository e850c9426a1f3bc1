#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The local demo: Smo end to end on a simulated Karmada federation.
#   1. starts PostgreSQL, Azurite, Prometheus and Alertmanager (its webhook pointed at the host),
#   2. starts the federation simulator (3 clusters, helm stand-in, metrics scraped by Prometheus,
#      PrometheusRules rendered into a Prometheus rule file) and the Smo host on http://127.0.0.1:${SMO_PORT:-7071},
#   3. deploys the NEPHELE Brussels demo graph (../shared/hdag-examples, static placement switched off) or,
#      without it, the repository's shop demo (examples/hdag/shop-demo.yaml) through the REST API,
#   4. follows it while the simulated load rises and falls: the scaling loop scales up and back down, and the
#      event alert fires so the conditional service deploys,
#   5. prints a summary (placement, replicas over time, decisions, alert, timings), removes the graph and stops
#      everything it started.
#
#   scripts/demo.sh [--duration SECONDS] [--descriptor FILE]
#
# --duration bounds the whole run (default 200 s); --descriptor deploys another HDAG descriptor. Exits 0 on success.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$SMO_ROOT/scripts/lib/postgres.sh"
SMO_LOG_TAG=demo

DURATION=200
DESCRIPTOR=""
while (($#)); do
  case "$1" in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --descriptor) DESCRIPTOR=${2:?--descriptor needs a file}; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) smo_die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ ]] || smo_die "--duration takes whole seconds"
command -v python3 >/dev/null || smo_die "python3 is needed to read the API's JSON"

PORT=${SMO_PORT:-7071}
BASE="http://127.0.0.1:$PORT"
SIM_PORT=${SMO_SIMULATOR_PORT:-18080}
SIM="http://127.0.0.1:$SIM_PORT"
HOST_LOG="$SMO_DATA_DIR/demo-host.log"
SIM_LOG="$SMO_DATA_DIR/demo-simulator.log"
DEADLINE=$((SECONDS + DURATION))
SERVICES=(postgres azurite prometheus)
started=()
restart_alertmanager=0
host_pid=""
sim_pid=""
graph=""
rules_file=""
targets_file=""

stop_process() {
  local name=$1 pid=$2
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    smo_log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT
  if [[ -n "$graph" && -n "$host_pid" ]] && kill -0 "$host_pid" 2>/dev/null; then
    curl -fsS -o /dev/null -X DELETE "$BASE/graphs/$graph" 2>/dev/null || true
    for _ in $(seq 1 40); do
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/graphs/$graph")" == 404 ]] && break
      sleep 0.5
    done
  fi
  stop_process "the Smo host" "$host_pid"
  stop_process "the simulator" "$sim_pid"
  rm -f "$rules_file" "$targets_file"
  "$SMO_ROOT/scripts/services.sh" down alertmanager >&2 || true
  if ((restart_alertmanager)); then
    "$SMO_ROOT/scripts/services.sh" up alertmanager >/dev/null || smo_warn "could not restart alertmanager"
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
env_value() { sed -n "s/^$1=//p" <<<"$env_lines"; }
# Reads the graph status (JSON on stdin) with a Python expression over `g`.
graph_field() { python3 -c "import json,sys; g=json.load(sys.stdin); print($1)"; }
wait_http() {
  local url=$1 pid=$2 what=$3
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || smo_die "$what exited; see its log"
    time_left
    sleep 0.5
  done
}

cd "$SMO_ROOT"
mkdir -p "$SMO_DATA_DIR"

echo "== 1. Services"
for svc in "${SERVICES[@]}"; do
  "$SMO_ROOT/scripts/services.sh" status "$svc" >/dev/null 2>&1 || started+=("$svc")
done
"$SMO_ROOT/scripts/services.sh" status alertmanager >/dev/null 2>&1 && restart_alertmanager=1
env_lines=$("$SMO_ROOT/scripts/services.sh" up "${SERVICES[@]}")
# Alertmanager posts to the host: started (again) with the demo's webhook, restored afterwards.
"$SMO_ROOT/scripts/services.sh" down alertmanager >&2
env_lines+=$'\n'$(SMO_ALERTMANAGER_WEBHOOK="$BASE/alerts" "$SMO_ROOT/scripts/services.sh" up alertmanager)
# The demo's own database, new each run: a run never meets the graphs and orchestrations of an earlier one.
pg_select postgres "${SMO_PG_PORT:-55432}"
pg_recreate_db smo_demo
pg_connection=$(pg_connstring smo_demo)
prometheus=$(env_value SMO_PROMETHEUS)
rules_dir=$(env_value SMO_PROMETHEUS_RULES_DIR)
targets_dir=$(env_value SMO_PROMETHEUS_TARGETS_DIR)
[[ -n "$pg_connection" && -n "$prometheus" && -n "$rules_dir" && -n "$targets_dir" ]] \
  || smo_die "services.sh did not report PostgreSQL and Prometheus"

echo "== 2. Simulator and host"
smo_log "building the host and the simulator (Release)"
dotnet build src/Functions/Smo.Functions.csproj -c Release -nologo -v quiet >&2 || smo_die "build of the host failed"
dotnet build src/Simulator/Smo.Simulator.csproj -c Release -nologo -v quiet >&2 || smo_die "build of the simulator failed"
smo_port_open 127.0.0.1 "$PORT" && smo_die "port $PORT is already in use (set SMO_PORT)"
smo_port_open 127.0.0.1 "$SIM_PORT" && smo_die "port $SIM_PORT is already in use (set SMO_SIMULATOR_PORT)"

rules_file="$rules_dir/smo-demo.yml"
dotnet src/Simulator/bin/Release/net10.0/Smo.Simulator.dll --urls "$SIM" \
  --scenario examples/simulator/demo.yaml --prometheus-rules-file "$rules_file" >"$SIM_LOG" 2>&1 &
sim_pid=$!
wait_http "$SIM/sim/state" "$sim_pid" "the simulator"
smo_log "simulator on $SIM (log: $SIM_LOG)"
targets_file="$targets_dir/smo-demo.json"
printf '[{"targets":["127.0.0.1:%s"],"labels":{"job":"smo-simulator"}}]\n' "$SIM_PORT" >"$targets_file"
kubeconfig="$SMO_DATA_DIR/demo-kubeconfig"
cat >"$kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: karmada
  cluster:
    server: $SIM
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

ConnectionStrings__Postgres="$pg_connection" ASPNETCORE_URLS="$BASE" \
  Smo__Karmada__Host="$SIM" \
  Smo__Helm__BinaryPath="$SMO_ROOT/src/Simulator/bin/Release/net10.0/helm-standin/helm" \
  Smo__Helm__KubeconfigPath="$kubeconfig" Smo__Helm__PlainHttp=true \
  Smo__Prometheus__BaseUrl="$prometheus" \
  Smo__Graphs__ScalingInterval=00:00:02 Smo__Graphs__RateWindow=00:00:10 \
  ClusterInventorySyncSchedule="*/10 * * * * *" \
  dotnet src/Functions/bin/Release/net10.0/linux-x64/Smo.Functions.dll >"$HOST_LOG" 2>&1 &
host_pid=$!
wait_http "$BASE/health" "$host_pid" "the Smo host"
smo_log "Smo host on $BASE (log: $HOST_LOG; API reference at $BASE/docs)"

echo "== 3. Deploy"
if [[ -z "$DESCRIPTOR" ]]; then
  brussels="$SMO_ROOT/../shared/hdag-examples/monorepo-brussels-demo-hdag.yaml"
  if [[ -f "$brussels" ]]; then
    DESCRIPTOR="$SMO_DATA_DIR/demo-brussels.yaml"
    sed 's/useStaticPlacement: *[Tt]rue/useStaticPlacement: false/' "$brussels" >"$DESCRIPTOR"
    echo "descriptor: the NEPHELE Brussels demo (static placement switched off)"
  else
    DESCRIPTOR="$SMO_ROOT/examples/hdag/shop-demo.yaml"
    echo "descriptor: examples/hdag/shop-demo.yaml (../shared/hdag-examples not found)"
  fi
fi
[[ -f "$DESCRIPTOR" ]] || smo_die "no descriptor at $DESCRIPTOR"
deploy_start=$SECONDS
code=$(curl -sS -o "$SMO_DATA_DIR/demo-deploy.json" -w '%{http_code}' -X POST "$BASE/project/demo/graphs" \
  -H 'Content-Type: application/yaml' --data-binary "@$DESCRIPTOR")
[[ "$code" == 202 ]] || smo_die "deploy answered HTTP $code: $(cat "$SMO_DATA_DIR/demo-deploy.json")"
graph=$(graph_field 'g["name"]' <"$SMO_DATA_DIR/demo-deploy.json")
echo "POST /project/demo/graphs -> 202; graph '$graph'"
status_json() { curl -fsS "$BASE/graphs/$graph"; }
# One line: each service's replicas when installed, else its status.
replicas_line() {
  python3 -c 'import json, sys
g = json.load(sys.stdin)
print("  ".join("%s=%s" % (s["name"], s["replicas"] if s["status"] == "Deployed" else s["status"]) for s in g["services"]))'
}
while true; do
  time_left
  status=$(status_json | graph_field 'g["status"]')
  [[ "$status" == Running ]] && break
  [[ "$status" == Failed ]] && smo_die "the deploy failed: $(status_json | graph_field 'g["failureReason"]')"
  sleep 0.5
done
deploy_seconds=$((SECONDS - deploy_start))
echo "running after ${deploy_seconds}s; placement:"
status_json | graph_field '"\n".join(f"  {s}: {c}" for s, c in sorted(g["placement"].items()))'

echo "== 4. Load rises and falls (replicas per service every 3 s)"
history="$SMO_DATA_DIR/demo-replicas.txt"
: >"$history"
alert_seconds=""
follow_until=$((DEADLINE - 25))
while ((SECONDS < follow_until)); do
  line=$(status_json | replicas_line)
  printf '  t=%3ds  %s\n' "$((SECONDS - deploy_start))" "$line" | tee -a "$history"
  if [[ -z "$alert_seconds" ]] && status_json | graph_field 'any(e["kind"]=="alert" for e in g["events"])' | grep -q True; then
    alert_seconds=$((SECONDS - deploy_start))
    echo "  alert fired: the conditional service is being installed"
  fi
  sleep 3
done

echo "== 5. Summary"
status_json >"$SMO_DATA_DIR/demo-status.json"
python3 - "$SMO_DATA_DIR/demo-status.json" "$history" <<'PY'
import json, re, sys
g = json.load(open(sys.argv[1]))
print(f"  graph            {g['name']} ({g['status']}), strategies {g['strategies']['placement']} / {g['strategies']['scaling']}")
print("  placement        " + ", ".join(f"{s}->{c}" for s, c in sorted(g["placement"].items())))
replicas = {}
for line in open(sys.argv[2]):
    for name, value in re.findall(r"(\S+)=(\d+)\b(?!s)", line.split("s  ", 1)[-1]):
        replicas.setdefault(name, []).append(int(value))
for name, values in sorted(replicas.items()):
    print(f"  {name:<16} replicas min {min(values)}, max {max(values)}, last {values[-1]}")
decisions = g["latestDecisions"]
kinds = {}
for d in decisions:
    kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
print("  latest decisions " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
latencies = [d["result"].get("decisionLatencyMs") for d in decisions if d["kind"] == "Scaling" and isinstance(d.get("result"), dict)]
latencies = [l for l in latencies if l is not None]
if latencies:
    print(f"  scale decisions  latency trigger->scale call: max {max(latencies):.0f} ms over {len(latencies)} recent changes")
for e in g["events"][:5]:
    print(f"  event            {e['kind']}: {e['message']}")
PY
echo "  deploy           ${deploy_seconds}s to Running"
echo "  alert            ${alert_seconds:-did not fire within the run} ${alert_seconds:+s after deploy}"
grep -q "=[2-9]" "$history" || smo_die "no service scaled up during the run"
echo "== Done: removing the graph and stopping what the demo started"
