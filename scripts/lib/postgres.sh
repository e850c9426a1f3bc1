# shellcheck shell=bash
# PostgreSQL 15 clusters private to this repository. Source it after common.sh.
#
#   pg_select NAME PORT   choose the cluster: state in $SMO_DATA_DIR/NAME, TCP port PORT
#   pg_up [FAST]          install if needed, initdb if needed, start, create db "smo";
#                         FAST=1 adds fsync=off, synchronous_commit=off, full_page_writes=off
#   pg_down               stop (fast shutdown); no-op when stopped
#   pg_status             one line; returns 0 when running, 3 when stopped
#   pg_is_running         exit status only
#   pg_setting NAME       value of a server setting (e.g. fsync) of the running cluster
#   pg_connstring [DB]    Npgsql connection string
#
# Layout of a cluster area (default $SMO_DATA_DIR/NAME):
#   data/        PGDATA (owned by the postgres user; its postgresql.conf includes smo.conf)
#   run/         Unix socket directory
#   server.log   server log
# initdb refuses to run as root, so as root the server runs as the "postgres" user.
# If that user cannot reach $SMO_DATA_DIR (a parent directory is not traversable),
# the area moves to /tmp/smo-<hash of $SMO_DATA_DIR>/NAME (said so on stderr).

PG_BIN="${SMO_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PACKAGE="${SMO_PG_PACKAGE:-postgresql-15}"
PG_DATABASE=smo
PG_FAST_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

# Runs a command as the server's owner.
pg_run() {
  if smo_is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_set_dir() {
  PG_DIR=$1
  PG_DATA=$PG_DIR/data
  PG_LOG=$PG_DIR/server.log
  PG_RUN=$PG_DIR/run
  # A Unix socket path is limited to 107 bytes: "<dir>/.s.PGSQL.<port>".
  if ((${#PG_RUN} + 16 > 100)); then
    PG_RUN=/tmp/smo-$(smo_data_hash)/$PG_NAME-run
  fi
}

pg_select() {
  PG_NAME=$1
  PG_PORT=$2
  local primary="$SMO_DATA_DIR/$PG_NAME"
  PG_FALLBACK_DIR="/tmp/smo-$(smo_data_hash)/$PG_NAME"
  if [[ ! -f "$primary/data/PG_VERSION" && -f "$PG_FALLBACK_DIR/data/PG_VERSION" ]]; then
    _pg_set_dir "$PG_FALLBACK_DIR"
  else
    _pg_set_dir "$primary"
  fi
}

_pg_ensure_installed() {
  if [[ -x "$PG_BIN/initdb" ]]; then
    return 0
  fi
  smo_log "$PG_NAME: $PG_BIN/initdb not found; installing $PG_PACKAGE"
  smo_apt_install "$PG_PACKAGE"
  [[ -x "$PG_BIN/initdb" ]] || smo_die "$PG_PACKAGE installed but $PG_BIN/initdb is still missing"
  # The Debian package creates and may start a system cluster (15/main, port 5432).
  # Smo does not use it: stop it so it does not compete for the 2 cores.
  if command -v pg_ctlcluster >/dev/null 2>&1 && pg_ctlcluster 15 main status >/dev/null 2>&1; then
    smo_log "$PG_NAME: stopping Debian's default cluster 15/main started by the install (not used by Smo)"
    smo_as_root pg_ctlcluster 15 main stop >&2 || smo_warn "could not stop cluster 15/main"
  fi
}

# Makes DIR (and its run dir) exist, owned by the server's user; fails if that
# user cannot write to it (some parent directory not traversable).
_pg_try_dir() {
  local dir=$1
  if [[ "$PG_RUN" == /tmp/smo-* ]]; then
    _pg_tmp_root || return 1
  fi
  mkdir -p "$dir" "$PG_RUN" || return 1
  if smo_is_root; then
    chown postgres:postgres "$dir" "$PG_RUN" || return 1
  fi
  chmod 700 "$dir" "$PG_RUN" || return 1
  # shellcheck disable=SC2016 # expanded by the inner sh
  pg_run sh -c 'test -x "$1" && test -w "$1" && test -w "$2"' _ "$dir" "$PG_RUN" 2>/dev/null
}

# /tmp/smo-<hash>: the fallback root, traversable by the postgres user.
_pg_tmp_root() {
  local root
  root="/tmp/smo-$(smo_data_hash)"
  mkdir -p "$root" && chmod 755 "$root"
}

_pg_prepare_dir() {
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    # Existing cluster: just make sure the socket dir is there (it may be under /tmp).
    _pg_try_dir "$PG_DIR" || smo_die "$PG_NAME: cannot prepare $PG_DIR for the postgres user"
    return 0
  fi
  mkdir -p "$SMO_DATA_DIR"
  # The postgres user must be able to traverse the data root we own.
  if smo_is_root; then
    chmod a+x "$SMO_DATA_DIR"
  fi
  if ! _pg_try_dir "$PG_DIR"; then
    rmdir "$PG_RUN" "$PG_DIR" 2>/dev/null || true
    smo_warn "$PG_NAME: the postgres user cannot reach $PG_DIR (a parent directory is not" \
      "traversable by it); using $PG_FALLBACK_DIR instead"
    _pg_tmp_root || smo_die "$PG_NAME: cannot create $(dirname "$PG_FALLBACK_DIR")"
    _pg_set_dir "$PG_FALLBACK_DIR"
    _pg_try_dir "$PG_DIR" || smo_die "$PG_NAME: the postgres user cannot use $PG_DIR either"
  fi
}

# Writes FILE (owned by the server's user) from stdin.
_pg_write_file() {
  local file=$1
  cat >"$file"
  if smo_is_root; then
    chown postgres:postgres "$file"
  fi
  chmod 600 "$file"
}

_pg_initdb() {
  local fast=$1
  local -a extra=()
  if [[ "$fast" == 1 ]]; then
    extra=(--no-sync)
  fi
  smo_log "$PG_NAME: initdb $PG_DATA"
  pg_run "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    "${extra[@]}" >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; smo_die "$PG_NAME: initdb failed"; }
  printf "\n# Smo: settings written by scripts/lib/postgres.sh on every start\ninclude_if_exists = 'smo.conf'\n" \
    >>"$PG_DATA/postgresql.conf"
}

_pg_write_conf() {
  local sock=${PG_RUN//\'/\'\'}
  _pg_write_file "$PG_DATA/smo.conf" <<CONF
# Written by scripts/lib/postgres.sh on every start: edits here are overwritten.
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
max_connections = 200
CONF
}

pg_is_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] || return 1
  [[ -x "$PG_BIN/pg_ctl" ]] || return 1
  pg_run "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

# Port the running server listens on (from postmaster.pid), or the selected port.
_pg_running_port() {
  local port=""
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    port=$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)
  fi
  if [[ "$port" =~ ^[0-9]+$ ]]; then
    echo "$port"
  else
    echo "$PG_PORT"
  fi
}

_pg_psql() {
  PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

pg_setting() {
  _pg_psql -d postgres -tAc "SHOW $1" 2>/dev/null
}

_pg_mode() {
  local fsync
  fsync=$(pg_setting fsync || true)
  case "$fsync" in
    on) echo "fsync=on, durable" ;;
    off) echo "fsync=off, fast mode, not durable" ;;
    *) echo "fsync=unknown" ;;
  esac
}

_pg_wait_ready() {
  local i
  for ((i = 0; i < 120; i++)); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1; then
      return 0
    fi
    sleep 0.25
  done
  smo_die "$PG_NAME: not accepting connections on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
}

_pg_ensure_db() {
  local db=$1 exists
  exists=$(_pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'") \
    || smo_die "$PG_NAME: cannot query 127.0.0.1:$PG_PORT"
  if [[ "$exists" != 1 ]]; then
    smo_log "$PG_NAME: creating database $db"
    _pg_psql -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null \
      || smo_die "$PG_NAME: CREATE DATABASE $db failed"
  fi
}

pg_up() {
  local fast=${1:-0}
  [[ "$fast" == 1 ]] || fast=0
  _pg_ensure_installed
  _pg_prepare_dir
  if pg_is_running; then
    local port
    port=$(_pg_running_port)
    if [[ "$port" != "$PG_PORT" ]]; then
      smo_warn "$PG_NAME: already running on port $port, not $PG_PORT; using $port (run 'down' first to change it)"
      PG_PORT=$port
    fi
    _pg_wait_ready
    smo_log "$PG_NAME: already running on 127.0.0.1:$PG_PORT ($(_pg_mode)); left as is"
  else
    if smo_port_open 127.0.0.1 "$PG_PORT"; then
      smo_die "$PG_NAME: port $PG_PORT is already in use by another process; choose another port"
    fi
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      _pg_initdb "$fast"
    fi
    _pg_write_conf
    local -a opts=()
    if [[ "$fast" == 1 ]]; then
      opts=(-o "$PG_FAST_OPTS")
    fi
    smo_log "$PG_NAME: starting on 127.0.0.1:$PG_PORT (data $PG_DATA, log $PG_LOG)"
    if ! pg_run "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s "${opts[@]}" </dev/null >&2; then
      tail -n 20 "$PG_LOG" >&2 || true
      smo_die "$PG_NAME: failed to start (log: $PG_LOG)"
    fi
    _pg_wait_ready
    smo_log "$PG_NAME: running on 127.0.0.1:$PG_PORT ($(_pg_mode))"
  fi
  _pg_ensure_db "$PG_DATABASE"
}

pg_down() {
  if pg_is_running; then
    smo_log "$PG_NAME: stopping (port $(_pg_running_port))"
    pg_run "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s >&2 \
      || smo_die "$PG_NAME: pg_ctl stop failed (log: $PG_LOG)"
    smo_log "$PG_NAME: stopped"
  else
    smo_log "$PG_NAME: not running"
  fi
}

pg_status() {
  if pg_is_running; then
    PG_PORT=$(_pg_running_port)
    echo "$PG_NAME: running on 127.0.0.1:$PG_PORT ($(_pg_mode); data $PG_DATA)"
    return 0
  fi
  echo "$PG_NAME: stopped (port $PG_PORT; data $PG_DATA)"
  return 3
}

pg_connstring() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=${1:-$PG_DATABASE}"
}

# Drops and creates database $1 on the selected cluster: a clean slate (the demo's own database).
pg_recreate_db() {
  local db=$1
  _pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null \
    || smo_die "$PG_NAME: DROP DATABASE $db failed"
  _pg_psql -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null \
    || smo_die "$PG_NAME: CREATE DATABASE $db failed"
}
