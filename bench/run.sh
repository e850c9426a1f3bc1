#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs a benchmark suite of bench/Smo.Bench.
#
#   bench/run.sh SUITE [ARGS...]      ARGS are passed to the benchmark program
#
# Suites:
#   durable   durable-execution benchmark against a PostgreSQL cluster of its own,
#             fsync ON (durable), 127.0.0.1:${SMO_BENCH_PG_PORT:-55433}, state in
#             $SMO_DATA_DIR/postgres-bench; the cluster is stopped afterwards.
#   solver    placement and scaling strategies on generated instances (no services
#             needed); see the README for the instance generator.
#   elasticity  Smo end to end (scripts/lib/stack.sh: Prometheus, the simulator on
#             bench/elasticity/scenario.yaml, the host on PostgreSQL postgres-bench,
#             database smo_bench_elasticity, new each run) and load steps through the
#             simulator: load step -> scale call -> ready replicas. The host scales every
#             ${SMO_BENCH_SCALING_INTERVAL_S:-1} s over a ${SMO_BENCH_RATE_WINDOW_S:-1} s rate
#             window, its load watch looking every ${SMO_BENCH_LOAD_WATCH_MS:-250} ms (0: off).
#             What it started is stopped afterwards.
#   fleet     one Smo host scaling fleets of 100, 300 and 1,000 graphs of five services (the same stack
#             on bench/fleet/scenario.yaml, database smo_bench_fleet, new each run); ticks every
#             ${SMO_BENCH_FLEET_INTERVAL_S:-5} s over a ${SMO_BENCH_FLEET_RATE_WINDOW_S:-20} s rate window, the
#             load watch at its default; Prometheus scrapes the simulator every 5 s (tens of thousands
#             of series). Measures tick lag, decisions/s and the CPU of the host and of PostgreSQL.
#   failover  Smo end to end (the stack of elasticity on bench/failover/scenario.yaml: three 16-core clusters,
#             a 3 s pod start; database smo_bench_failover, new each run; the host at its defaults, inventory
#             timer included) with a plain and an HA graph of four services (bench/failover/*-hdag.yaml): per
#             round the cluster running most of a graph fails (clusterNotReady) at a seeded random moment, a
#             what-if follows at once in every other round; prints failover_recovery_s_p50/_p95,
#             failover_detect_s_p95, failover_lost, failover_doubled and failover_unserved_share per graph kind.
#             --rounds N (10), --seed N (1). What it started is stopped afterwards.
#   fuzz      the API fuzzer (tests/Functions.Tests/Fuzzing) with ${SMO_FUZZ_INPUTS:-10000} generated inputs
#             (seed SMO_FUZZ_SEED, a fixed one by default; "random" draws one) against a control plane
#             of its own on PostgreSQL postgres-bench (database smo_bench_fuzz, new each run), with the
#             services it needs (Prometheus, Azurite, the registry) started if they are not running and
#             stopped again afterwards; prints fuzz_inputs, fuzz_5xx, fuzz_accepted, fuzz_rejected,
#             fuzz_unhandled_exceptions, fuzz_state_changes_by_refused, fuzz_duration, fuzz_inputs_per_s.
#             The test's output (every finding with its input) is in $SMO_DATA_DIR/bench-fuzz-test.log;
#             exits 1 if it found anything.
#   kpi       the KPI replay (src/Kpi): each scenario of bench/kpi replayed for 7 days of virtual time with
#             smo-original, smo-milp, predictive, energy-aware and predictive+energy-aware on the traces and
#             carbon series of ${SMO_KPI_DATA:-../shared/data} (synthetic shapes when absent; params.data says
#             which); one JSON line per scenario, strategy and KPI, and the report
#             $SMO_DATA_DIR/kpi/report.html. Needs nothing running.
#   kpi-live  the replay checked against the live system: a ${SMO_KPI_LIVE_MINUTES:-10}-minute window of the KPI scenario
#             ${SMO_KPI_LIVE_SCENARIO:-bench/kpi/brussels-elb.json} (where its load moves most, the trace
#             ${SMO_KPI_LIVE_COMPRESSION:-6}x compressed) run live through the whole control plane on the simulator (the
#             stack of elasticity, database smo_bench_kpi_live, new each run; the host at the replay's settings,
#             written by the suite's prepare step) and replayed from the live state at the window's start; prints
#             kpi_replay_agreement, the share of live scaling decisions within one replica of the replay's nearest.
#             Takes the lead-in (${SMO_KPI_LIVE_LEAD_IN_S:-240} s) plus the window. What it started is stopped afterwards.
#
# The benchmark program's stdout (JSON lines) is passed through unchanged;
# this script's own messages and the build output go to stderr.
#
# Adding a suite: write suite_<name> (build with bench_build, start what it
# needs, run with bench_exec <name> ...) and add a case entry in main.
set -euo pipefail

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/postgres.sh
source "$SMO_ROOT/scripts/lib/postgres.sh"
STACK_NAME=bench-elasticity
# shellcheck source=../scripts/lib/stack.sh
source "$SMO_ROOT/scripts/lib/stack.sh"
SMO_LOG_TAG=bench

BENCH_PROJECT="$SMO_ROOT/bench/Smo.Bench/Smo.Bench.csproj"
BENCH_OUT="$SMO_ROOT/bench/Smo.Bench/bin/Release/net10.0"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off

usage() {
  cat >&2 <<USAGE
usage: bench/run.sh SUITE [ARGS...]
suites:
  durable   durable-execution benchmark on PostgreSQL with fsync on
            (port \${SMO_BENCH_PG_PORT:-55433}, data \$SMO_DATA_DIR/postgres-bench)
  solver    placement (services x clusters grid) and scaling decision times,
            statuses and optimality gaps; needs nothing running
  elasticity  load step in the simulator -> Smo's scale call -> ready replicas,
            on the whole system (Prometheus, simulator, host; ports 9090, 18080,
            7071, PostgreSQL \${SMO_BENCH_PG_PORT:-55433}); scaling interval
            \${SMO_BENCH_SCALING_INTERVAL_S:-1} s, rate window \${SMO_BENCH_RATE_WINDOW_S:-1} s,
            load watch every \${SMO_BENCH_LOAD_WATCH_MS:-250} ms (0: off)
  fleet     one host scaling 100, 300 and 1,000 graphs x 5 services on the simulator (ports as
            elasticity); ticks every \${SMO_BENCH_FLEET_INTERVAL_S:-5} s; --graphs N[,N] to choose sizes
  failover  a cluster failed under a plain and an HA graph, 10 rounds (--rounds, --seed), with a what-if
            after the fault every other round (ports as elasticity; the host at its defaults): recovery,
            detection, lost, doubled, unserved share
  kpi       7 days of traces replayed in virtual time per scenario of bench/kpi and strategy
            (smo-original as 100 %); KPI JSON lines and \$SMO_DATA_DIR/kpi/report.html
  kpi-live  a 10-minute window of a KPI scenario run live on the stack (ports as elasticity) and replayed;
            kpi_replay_agreement (share of live decisions within one replica of the replay's)
  fuzz      \${SMO_FUZZ_INPUTS:-10000} generated requests through the HTTP API of a running control
            plane (the fuzz test; seed \${SMO_FUZZ_SEED:-fixed}, "random" draws one): 5xx, accepted,
            rejected, unhandled exceptions, state changed by refused requests, duration
ARGS are passed to the benchmark program (bench/Smo.Bench).
USAGE
}

# ---------------------------------------------------------------- helpers
bench_build() {
  smo_log "dotnet build $BENCH_PROJECT -c Release"
  dotnet build "$BENCH_PROJECT" -c Release >&2 || smo_die "build of bench/Smo.Bench failed"
}

# Prints the freshly built Smo.Bench.dll: the newest under net10.0/ (the project
# sets a RuntimeIdentifier, which adds a RID folder; an older build may have left
# a copy directly under net10.0/).
bench_dll() {
  local dll
  dll=$(find "$BENCH_OUT" -name Smo.Bench.dll -not -path '*/publish/*' -printf '%T@ %p\n' 2>/dev/null \
    | sort -rn | head -n 1 | cut -d' ' -f2-)
  [[ -n "$dll" && -f "$dll" ]] || smo_die "Smo.Bench.dll not found under $BENCH_OUT"
  echo "$dll"
}

# Runs the benchmark program; its stdout is the script's stdout.
bench_exec() {
  local dll
  dll=$(bench_dll)
  smo_log "dotnet $dll $*"
  dotnet "$dll" "$@"
}

BENCH_PG_STARTED=0
bench_pg_stop() {
  if ((BENCH_PG_STARTED)); then
    pg_down
    BENCH_PG_STARTED=0
  fi
}

# Starts the benchmark's own PostgreSQL cluster, always durable (fsync on).
bench_pg_up() {
  pg_select postgres-bench "${SMO_BENCH_PG_PORT:-55433}"
  BENCH_PG_STARTED=1
  trap bench_pg_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg_up 0
  if [[ "$(pg_setting fsync)" != on ]]; then
    smo_log "postgres-bench: running with fsync off; restarting it durable"
    pg_down
    pg_up 0
  fi
  [[ "$(pg_setting fsync)" == on ]] || smo_die "postgres-bench: fsync is not on; refusing to benchmark"
}

# ---------------------------------------------------------------- suites
suite_durable() {
  bench_build
  bench_pg_up
  bench_exec durable --connection "$(pg_connstring "$PG_DATABASE")" "$@"
}

suite_solver() {
  bench_build
  bench_exec solver "$@"
}

# Whole seconds as a .NET TimeSpan setting (hh:mm:ss).
timespan_setting() { printf '%02d:%02d:%02d' $(($1 / 3600)) $(($1 / 60 % 60)) $(($1 % 60)); }

suite_elasticity() {
  local interval=${SMO_BENCH_SCALING_INTERVAL_S:-1} window=${SMO_BENCH_RATE_WINDOW_S:-1} watch=${SMO_BENCH_LOAD_WATCH_MS:-250}
  local db=smo_bench_elasticity
  [[ "$interval" =~ ^[1-9][0-9]*$ && "$window" =~ ^[1-9][0-9]*$ ]] \
    || smo_die "SMO_BENCH_SCALING_INTERVAL_S and SMO_BENCH_RATE_WINDOW_S take whole seconds"
  [[ "$watch" =~ ^[0-9]+$ ]] || smo_die "SMO_BENCH_LOAD_WATCH_MS takes whole milliseconds (0: off)"
  bench_build
  stack_build
  bench_pg_up
  trap 'stack_down; bench_pg_stop' EXIT
  # A database of its own, new each run: no graph or orchestration of an earlier run.
  pg_recreate_db "$db"
  stack_services_up prometheus
  stack_simulator_up "$SMO_ROOT/bench/elasticity/scenario.yaml"
  stack_host_up "$(pg_connstring "$db")" \
    Smo__Graphs__ScalingInterval="$(timespan_setting "$interval")" \
    Smo__Graphs__RateWindow="$(timespan_setting "$window")" \
    Smo__Graphs__LoadWatchInterval="$(printf '00:00:%02d.%03d' $((watch / 1000)) $((watch % 1000)))"
  bench_exec elasticity --host "$STACK_HOST" --simulator "$STACK_SIM" --prometheus "$STACK_PROMETHEUS" \
    --descriptor "$SMO_ROOT/bench/elasticity/elastic-hdag.yaml" --connection "$(pg_connstring "$db")" \
    --scaling-interval-s "$interval" --rate-window-s "$window" --load-watch-ms "$watch" "$@"
}

suite_fleet() {
  local interval=${SMO_BENCH_FLEET_INTERVAL_S:-5} window=${SMO_BENCH_FLEET_RATE_WINDOW_S:-20}
  local db=smo_bench_fleet
  # Logs and Prometheus files of its own, not the elasticity suite's.
  STACK_NAME=bench-fleet
  STACK_HOST_LOG="$SMO_DATA_DIR/$STACK_NAME-host.log"
  STACK_SIM_LOG="$SMO_DATA_DIR/$STACK_NAME-simulator.log"
  [[ "$interval" =~ ^[1-9][0-9]*$ && "$window" =~ ^[1-9][0-9]*$ ]] \
    || smo_die "SMO_BENCH_FLEET_INTERVAL_S and SMO_BENCH_FLEET_RATE_WINDOW_S take whole seconds"
  bench_build
  stack_build
  bench_pg_up
  trap 'stack_down; bench_pg_stop' EXIT
  pg_recreate_db "$db"
  stack_services_up prometheus
  STACK_SCRAPE_INTERVAL=5s stack_simulator_up "$SMO_ROOT/bench/fleet/scenario.yaml"
  stack_host_up "$(pg_connstring "$db")" \
    Smo__Graphs__ScalingInterval="$(timespan_setting "$interval")" \
    Smo__Graphs__RateWindow="$(timespan_setting "$window")"
  bench_exec fleet --host "$STACK_HOST" --simulator "$STACK_SIM" --connection "$(pg_connstring "$db")" \
    --host-pid "$STACK_HOST_PID" --db-pid "$(head -n 1 "$PG_DATA/postmaster.pid")" --simulator-pid "$STACK_SIM_PID" \
    --scaling-interval-s "$interval" "$@"
}

# The host runs with its defaults (the inventory timer, scaling interval and rate window a user has), since
# what is measured is how fast failover is out of the box.
suite_failover() {
  local db=smo_bench_failover
  STACK_NAME=bench-failover
  STACK_HOST_LOG="$SMO_DATA_DIR/$STACK_NAME-host.log"
  STACK_SIM_LOG="$SMO_DATA_DIR/$STACK_NAME-simulator.log"
  bench_build
  stack_build
  bench_pg_up
  trap 'stack_down; bench_pg_stop' EXIT
  pg_recreate_db "$db"
  stack_services_up prometheus
  # A Prometheus that another checkout started reads its targets and rules where that checkout's services.sh said.
  STACK_TARGETS_DIR=${SMO_PROMETHEUS_TARGETS_DIR:-$STACK_TARGETS_DIR}
  STACK_RULES_DIR=${SMO_PROMETHEUS_RULES_DIR:-$STACK_RULES_DIR}
  stack_simulator_up "$SMO_ROOT/bench/failover/scenario.yaml"
  stack_host_up "$(pg_connstring "$db")"
  bench_exec failover --host "$STACK_HOST" --simulator "$STACK_SIM" --connection "$(pg_connstring "$db")" \
    --descriptor "$SMO_ROOT/bench/failover/plain-hdag.yaml" --ha-descriptor "$SMO_ROOT/bench/failover/ha-hdag.yaml" "$@"
}

# The fuzz test runs as a test (its oracles are assertions); this suite gives it the full count, its own
# database and the services, and turns the figures it writes into the benchmark's JSON lines.
suite_fuzz() {
  local inputs=${SMO_FUZZ_INPUTS:-10000} db=smo_bench_fuzz
  local tests="$SMO_ROOT/tests/Functions.Tests/Smo.Functions.Tests.csproj"
  local figures="$SMO_DATA_DIR/bench-fuzz-figures.json" log="$SMO_DATA_DIR/bench-fuzz-test.log" rc=0
  [[ "$inputs" =~ ^[1-9][0-9]*$ ]] || smo_die "SMO_FUZZ_INPUTS takes a positive whole number"
  bench_build
  smo_log "dotnet build $tests -c Release"
  dotnet build "$tests" -c Release >&2 || smo_die "build of the function app's tests failed"
  bench_pg_up
  trap 'stack_down; bench_pg_stop' EXIT
  pg_recreate_db "$db"
  stack_services_up prometheus azurite registry
  rm -f "$figures"
  smo_log "fuzzing with $inputs inputs (seed ${SMO_FUZZ_SEED:-default}); test output in $log"
  SMO_POSTGRES="$(pg_connstring "$db")" SMO_FUZZ_INPUTS="$inputs" SMO_FUZZ_FIGURES="$figures" MSBUILDTERMINALLOGGER=off \
    dotnet test "$tests" -c Release --no-build --filter "FullyQualifiedName~Smo.Functions.Tests.Fuzzing.ApiFuzzTests" \
    --logger "console;verbosity=normal" >"$log" 2>&1 || rc=$?
  [[ -f "$figures" ]] || smo_die "the fuzz test wrote no figures (dotnet test exit $rc); see $log"
  bench_exec fuzz --figures "$figures" --connection "$(pg_connstring "$db")" "$@" || rc=$?
  ((rc == 0)) || smo_log "the fuzzer found problems (exit $rc); each is listed with its input in $log"
  return "$rc"
}

suite_kpi() {
  local data=${SMO_KPI_DATA:-$SMO_ROOT/../shared/data}
  bench_build
  [[ -d "$data" ]] || smo_log "no data at $data: every scenario runs on synthetic series"
  bench_exec kpi --scenarios "$SMO_ROOT/bench/kpi" --data "$data" --report "$SMO_DATA_DIR/kpi/report.html" "$@"
}

suite_kpi_live() {
  local data=${SMO_KPI_DATA:-$SMO_ROOT/../shared/data} db=smo_bench_kpi_live
  local scenario=${SMO_KPI_LIVE_SCENARIO:-$SMO_ROOT/bench/kpi/brussels-elb.json}
  local dir="$SMO_DATA_DIR/kpi-live" settings=()
  local window=(--scenarios "$scenario" --data "$data" --live-dir "$dir" --live-minutes "${SMO_KPI_LIVE_MINUTES:-10}"
    --compression "${SMO_KPI_LIVE_COMPRESSION:-6}" --lead-in-s "${SMO_KPI_LIVE_LEAD_IN_S:-240}")
  STACK_NAME=bench-kpi-live
  STACK_HOST_LOG="$SMO_DATA_DIR/$STACK_NAME-host.log"
  STACK_SIM_LOG="$SMO_DATA_DIR/$STACK_NAME-simulator.log"
  bench_build
  stack_build
  rm -rf "$dir"
  bench_exec kpi-live --live-step prepare "${window[@]}" "$@"
  mapfile -t settings <"$dir/host.env"
  bench_pg_up
  trap 'stack_down; bench_pg_stop' EXIT
  pg_recreate_db "$db"
  stack_services_up prometheus
  # A Prometheus that another checkout started reads its targets and rules where that checkout's services.sh said.
  STACK_TARGETS_DIR=${SMO_PROMETHEUS_TARGETS_DIR:-$STACK_TARGETS_DIR}
  STACK_RULES_DIR=${SMO_PROMETHEUS_RULES_DIR:-$STACK_RULES_DIR}
  # The window starts a lead-in after the simulator does: everything from here on is timed.
  stack_simulator_up "$dir/simulator-scenario.yaml"
  stack_host_up "$(pg_connstring "$db")" "${settings[@]}"
  bench_exec kpi-live --live-step compare "${window[@]}" --host "$STACK_HOST" --simulator "$STACK_SIM" \
    --connection "$(pg_connstring "$db")" "$@"
}

# ---------------------------------------------------------------- main
main() {
  if (($# < 1)); then
    usage
    exit 2
  fi
  local suite=$1
  shift
  case "$suite" in
    durable) suite_durable "$@" ;;
    solver) suite_solver "$@" ;;
    elasticity) suite_elasticity "$@" ;;
    fleet) suite_fleet "$@" ;;
    failover) suite_failover "$@" ;;
    fuzz) suite_fuzz "$@" ;;
    kpi) suite_kpi "$@" ;;
    kpi-live) suite_kpi_live "$@" ;;
    -h | --help | help) usage ;;
    *)
      echo "unknown suite: $suite" >&2
      usage
      exit 2
      ;;
  esac
}

main "$@"
