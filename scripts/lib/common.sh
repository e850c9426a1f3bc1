# shellcheck shell=bash
# Shared helpers for the project's bash scripts. Source it; do not execute it.
#
#   SMO_ROOT      repository root (computed from this file's location)
#   SMO_DATA_DIR  where local services keep their state (default: $SMO_ROOT/.data)

if [[ -n "${_SMO_COMMON_SH:-}" ]]; then
  return 0
fi
_SMO_COMMON_SH=1

SMO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
SMO_DATA_DIR="${SMO_DATA_DIR:-$SMO_ROOT/.data}"
SMO_LOG_TAG="${SMO_LOG_TAG:-smo}"

# All chatter goes to stderr so that stdout stays machine-readable.
smo_log() { printf '[%s] %s\n' "$SMO_LOG_TAG" "$*" >&2; }
smo_warn() { printf '[%s] WARNING: %s\n' "$SMO_LOG_TAG" "$*" >&2; }
smo_die() {
  printf '[%s] ERROR: %s\n' "$SMO_LOG_TAG" "$*" >&2
  exit 1
}

smo_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Runs a command as root: directly when we are root, else through sudo if present.
smo_as_root() {
  if smo_is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    smo_die "need root to run: $*"
  fi
}

# Installs Debian packages; runs 'apt-get update' at most once per script run
# (the flag is exported, so scripts called from this one skip it too).
smo_apt_install() {
  if [[ -z "${SMO_APT_UPDATED:-}" ]]; then
    smo_log "apt-get update"
    smo_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
      || smo_die "apt-get update failed"
    export SMO_APT_UPDATED=1
  fi
  smo_log "apt-get install $*"
  smo_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$@" </dev/null >&2 \
    || smo_die "apt-get install $* failed"
}

# Short stable hash of the data dir path (by default <repo>/.data), naming
# fallback dirs under /tmp so that each checkout gets its own.
smo_data_hash() { printf '%s' "$SMO_DATA_DIR" | sha256sum | cut -c1-12; }

# True when something accepts TCP connections on HOST:PORT.
smo_port_open() {
  local host=$1 port=$2
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# Waits up to TIMEOUT seconds for HOST:PORT to accept connections.
smo_wait_port() {
  local host=$1 port=$2 timeout=${3:-30} waited=0
  until smo_port_open "$host" "$port"; do
    if ((waited >= timeout * 4)); then
      return 1
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
}
