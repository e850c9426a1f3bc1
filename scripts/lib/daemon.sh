# shellcheck shell=bash
# Background servers started by the scripts and tracked by a pid file. Source it after common.sh.
#
#   daemon_pid NAME PROGRAM             pid of the NAME this script started, if alive and still PROGRAM
#   daemon_start NAME HOST PORT -- CMD  starts CMD detached (log $SMO_DATA_DIR/NAME.log), waits up to 30 s
#                                       for HOST:PORT; dies with the log tail when it does not come up
#   daemon_up_already NAME PROGRAM HOST PORT
#                                       true (and says why) when `up` has nothing to do: ours is running, or
#                                       another process serves HOST:PORT
#   daemon_stop NAME PROGRAM [HOST PORT]
#                                       SIGTERM, then SIGKILL after 10 s; no-op when not running (with HOST
#                                       PORT, says whether another process serves the port)
#   daemon_status NAME PROGRAM HOST PORT WHAT [PORTS]
#                                       one line; 0 when running (by us or by another process), 3 when stopped;
#                                       PORTS (default PORT) is what the line shows, e.g. a range
#
# PROGRAM is a word of the process's command line (e.g. "prometheus"); it guards against a
# recycled pid being taken for ours.

_daemon_pidfile() { echo "$SMO_DATA_DIR/$1.pid"; }
daemon_log() { echo "$SMO_DATA_DIR/$1.log"; }

daemon_pid() {
  local name=$1 program=$2 pidfile pid
  pidfile=$(_daemon_pidfile "$name")
  [[ -f "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -qa -- "$program" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

daemon_start() {
  local name=$1 host=$2 port=$3 pid log pidfile
  shift 3
  [[ "${1:-}" == -- ]] && shift
  log=$(daemon_log "$name")
  pidfile=$(_daemon_pidfile "$name")
  mkdir -p "$SMO_DATA_DIR"
  smo_log "$name: starting on $host:$port (log $log)"
  nohup setsid "$@" </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  if ! smo_wait_port "$host" "$port" 30 || ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$log" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    smo_die "$name: did not start listening on $host:$port within 30 s (log: $log)"
  fi
  smo_log "$name: running (pid $pid)"
}

daemon_stop() {
  local name=$1 program=$2 host=${3:-} port=${4:-} pid i
  if ! pid=$(daemon_pid "$name" "$program"); then
    rm -f "$(_daemon_pidfile "$name")"
    if [[ -z "$port" ]]; then
      smo_log "$name: not running (or not started by this script)"
    elif smo_port_open "$host" "$port"; then
      smo_log "$name: port $port is served by a process this script did not start; left alone"
    else
      smo_log "$name: not running"
    fi
    return 0
  fi
  smo_log "$name: stopping (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    smo_warn "$name: still running after 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(_daemon_pidfile "$name")"
  smo_log "$name: stopped"
}

daemon_status() {
  local name=$1 program=$2 host=$3 port=$4 what=$5 ports=${6:-$4} pid
  if pid=$(daemon_pid "$name" "$program"); then
    echo "$name: running on $host:$ports (pid $pid; $what)"
    return 0
  fi
  if smo_port_open "$host" "$port"; then
    echo "$name: running on $host:$port (not started by this script)"
    return 0
  fi
  if [[ "$ports" == "$port" ]]; then
    echo "$name: stopped (port $port)"
  else
    echo "$name: stopped (ports $ports)"
  fi
  return 3
}

# Installs the Debian PACKAGE unless COMMAND is already on the PATH.
daemon_ensure_installed() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  smo_log "$command not found; installing Debian package $package"
  smo_apt_install "$package"
  command -v "$command" >/dev/null 2>&1 || smo_die "$package installed but $command is still missing"
}

# The start of every `up`: true (and says why) when ours is already running or another process
# serves HOST:PORT, which is then assumed to be NAME and left alone.
daemon_up_already() {
  local name=$1 program=$2 host=$3 port=$4 pid
  if pid=$(daemon_pid "$name" "$program"); then
    smo_log "$name: already running (pid $pid, port $port); left as is"
    return 0
  fi
  smo_port_open "$host" "$port" || return 1
  smo_warn "$name: port $port is in use by a process this script did not start;" \
    "assuming it is $name and leaving it alone"
}
