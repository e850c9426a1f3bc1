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
#   scripts/demo.sh [--duration SECONDS] [--descriptor FILE] [--keep]
#
# --duration bounds the whole run (default 300 s; the run ends sooner once the alert and a scale-down are seen); --descriptor deploys another HDAG descriptor; --keep leaves the graph and everything running after the summary, to explore with the web console and scripts/smo.sh, until Ctrl-C. Exits 0 on success.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$SMO_ROOT/scripts/lib/postgres.sh"
STACK_NAME=demo
# shellcheck source=lib/stack.sh
source "$SMO_ROOT/scripts/lib/stack.sh"
SMO_LOG_TAG=demo

DURATION=300
DESCRIPTOR=""
KEEP=0
while (($#)); do
  case "$1" in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --descriptor) DESCRIPTOR=${2:?--descriptor needs a file}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) smo_die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ ]] || smo_die "--duration takes whole seconds"
command -v python3 >/dev/null || smo_die "python3 is needed to read the API's JSON"

BASE=$STACK_HOST
DEADLINE=$((SECONDS + DURATION))
graph=""

cleanup() {
  local rc=$?
  trap - EXIT
  if [[ -n "$graph" && -n "$STACK_HOST_PID" ]] && kill -0 "$STACK_HOST_PID" 2>/dev/null; then
    curl -fsS -o /dev/null -X DELETE "$BASE/graphs/$graph" 2>/dev/null || true
    for _ in $(seq 1 40); do
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/graphs/$graph")" == 404 ]] && break
      sleep 0.5
    done
  fi
  stack_down
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

time_left() { ((SECONDS < DEADLINE)) || smo_die "the demo ran past --duration $DURATION s"; }
# Reads the graph status (JSON on stdin) with a Python expression over `g`.
graph_field() { python3 -c "import json,sys; g=json.load(sys.stdin); print($1)"; }

cd "$SMO_ROOT"
mkdir -p "$SMO_DATA_DIR"

echo "== 1. Services"
stack_services_up postgres azurite prometheus alertmanager
# The demo's own database, new each run: a run never meets the graphs and orchestrations of an earlier one.
pg_select postgres "${SMO_PG_PORT:-55432}"
pg_recreate_db smo_demo
[[ -n "$STACK_PROMETHEUS" ]] || smo_die "services.sh did not report Prometheus"

echo "== 2. Simulator and host"
stack_build
stack_simulator_up examples/simulator/demo.yaml
stack_host_up "$(pg_connstring smo_demo)" \
  Smo__Graphs__ScalingInterval=00:00:02 Smo__Graphs__RateWindow=00:00:10 \
  ClusterInventorySyncSchedule="*/10 * * * * *"

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
# The load rush is over about 2 minutes after the simulator starts; the Brussels alert has a 2-minute grace
# period. Follow until both are seen (and a little more), or until the time left is needed to clean up.
follow_until=$((DEADLINE - 25))
SEEN_ENOUGH=150
while ((SECONDS < follow_until)); do
  [[ -n "$alert_seconds" ]] && ((SECONDS - deploy_start >= SEEN_ENOUGH)) && break
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
    key = f"{d['kind']} ({d['trigger'].lower()})"
    kinds[key] = kinds.get(key, 0) + 1
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
[[ -n "$alert_seconds" ]] || smo_die "the alert did not fire within the run (try a longer --duration)"
if ((KEEP)); then
  echo "== Kept running; Ctrl-C removes the graph and stops everything"
  echo "  console  $BASE/console/#/graphs/$graph"
  echo "  API      $BASE/docs"
  echo "  CLI      scripts/smo.sh graph describe $graph   (and: graph re-place $graph --dry-run, cluster list, ...)"
  trap 'exit 0' INT
  while kill -0 "$STACK_HOST_PID" 2>/dev/null; do sleep 1; done
  smo_die "the Smo host exited; see $STACK_HOST_LOG"
fi
echo "== Done: removing the graph and stopping what the demo started"
