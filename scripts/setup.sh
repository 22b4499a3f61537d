#!/usr/bin/env bash
# Make the PostgreSQL and Redis named by DATABASE_URL and REDIS_URL reachable, and Chromium present for
# the browser tests, then get out of the way.
#
# Runs before `npm run demo`, `npm test` and `npm run bench:ingest`, so it must be idempotent, silent
# apart from one line per service, never prompt (CI=true, no stdin) and take well under a second when
# both already answer. For each service that does not answer, in order:
#   1. the host is not local        -> fail: we cannot start someone else's server;
#   2. installed but stopped        -> start it (Debian cluster / redis-server --daemonize);
#   3. not installed, root + apt    -> apt-get install it (Debian 12: PostgreSQL 15, Redis 7), start it;
#   4. `docker info` works          -> docker compose up -d --wait <service>;
#   5. otherwise                    -> fail with what to do.
# Chromium (Debian's package, driven by playwright-core in test/web/) is installed with apt-get when
# missing and we are root on Debian; otherwise one line says the browser tests will be skipped. It
# never fails the script: the API and the demo do not need it.
#
# Environment:
#   DATABASE_URL            default postgres://postgres@127.0.0.1:5432/vigie (as packages/config)
#   REDIS_URL               default redis://127.0.0.1:6379
#   VIGIE_SETUP_NO_INSTALL  =1 skips steps 2-4 (only check; used to test the failure message)
#   VIGIE_SETUP_WAIT        seconds to wait for a started service to answer (default 30)
#   CHROMIUM_PATH           the browser the tests drive (default /usr/bin/chromium, Debian's package)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vigie}
readonly REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
readonly WAIT_SECONDS=${VIGIE_SETUP_WAIT:-30}

log() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }

# parse_url URL DEFAULT_PORT -> prints "host port". Good enough for the URLs we accept:
# scheme://[user[:password]@]host[:port][/path][?query], host may be a bracketed IPv6 literal.
parse_url() {
  local rest=${1#*://} default_port=$2 host port
  rest=${rest%%/*}
  rest=${rest%%\?*}
  rest=${rest##*@}
  if [[ $rest == \[* ]]; then
    host=${rest%%]*}; host=${host#[}
    port=${rest#*]}; port=${port#:}
  else
    host=${rest%%:*}
    port=${rest#"$host"}; port=${port#:}
  fi
  host=${host:-127.0.0.1}
  port=${port:-$default_port}
  if [[ ! $port =~ ^[0-9]+$ ]]; then
    warn "setup: cannot read a port from '$1'"
    exit 1
  fi
  printf '%s %s\n' "$host" "$port"
}

# Command substitution (not `< <(...)`) so that a parse failure stops the script under `set -e`.
pg_target=$(parse_url "$DATABASE_URL" 5432)
redis_target=$(parse_url "$REDIS_URL" 6379)
read -r PG_HOST PG_PORT <<<"$pg_target"
read -r REDIS_HOST REDIS_PORT <<<"$redis_target"

is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }
has() { command -v "$1" >/dev/null 2>&1; }

# A bare TCP connect through bash's /dev/tcp works even where psql and redis-cli are not installed.
# `timeout` bounds it: an unroutable host would otherwise hang for the kernel's connect timeout.
# shellcheck disable=SC2016 # $0/$1 expand in the child bash, from the arguments after the script.
tcp_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# A TCP connect is not enough while the server is starting or recovering, so use the clients when
# they exist: pg_isready answers 0 only once connections are accepted; redis-cli fails while LOADING.
postgres_up() {
  tcp_open "$PG_HOST" "$PG_PORT" || return 1
  ! has pg_isready || pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
}
redis_up() {
  tcp_open "$REDIS_HOST" "$REDIS_PORT" || return 1
  has redis-cli || return 0
  local reply
  # No password on purpose: it would show in `ps`, and NOAUTH already proves the server is up
  # (the app reports a wrong password itself). -h/-p because `redis-cli -u` rejects [::1].
  reply=$(timeout 2 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) || return 1
  [[ $reply == PONG || $reply == NOAUTH* ]]
}

# --- starting what is installed --------------------------------------------------------------------

# Cluster directories are version numbers (15, 16...), so plain ls is safe here.
# shellcheck disable=SC2012
pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

start_postgres() {
  local version conf port
  version=$(pg_cluster_version)
  [[ -n $version ]] && has pg_ctlcluster || return 1
  # Starting the cluster only helps if it listens where DATABASE_URL points.
  conf=/etc/postgresql/$version/main/postgresql.conf
  port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$conf" 2>/dev/null | tail -1)
  if [[ ${port:-5432} != "$PG_PORT" ]]; then
    warn "postgres: cluster $version/main listens on port ${port:-5432}, not $PG_PORT; not starting it"
    return 1
  fi
  # --skip-systemctl-redirect: containers and CI runners often have no systemd.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 \
    || service postgresql start >/dev/null 2>&1
}

start_redis() {
  has redis-server || return 1
  local dir=/var/lib/redis logdir=/var/log/redis
  mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]] || dir=${TMPDIR:-/tmp}
  mkdir -p "$logdir" 2>/dev/null && [[ -w $logdir ]] || logdir=${TMPDIR:-/tmp}
  # No persistence: this instance only serves development and tests (docker-compose.yml and
  # infra/redis/redis.conf are the durable set-up). BullMQ needs noeviction, which is also the default.
  # "-::1" makes the IPv6 loopback optional, for hosts without IPv6.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --maxmemory-policy noeviction \
    --dir "$dir" --logfile "$logdir/vigie.log" >/dev/null
}

# --- installing (Debian, root) ---------------------------------------------------------------------

can_apt_install() { [[ $(id -u) == 0 ]] && has apt-get; }

# apt-get install PACKAGE... ; one `apt-get update` per run however many packages are missing.
APT_UPDATED=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  # Called from an `if` condition, where `set -e` does not apply: check each step explicitly.
  if [[ -z $APT_UPDATED ]]; then
    apt-get update -qq </dev/null >/dev/null || return 1
    APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "$@" </dev/null >/dev/null
}

# The Debian packages default to scram-sha-256 on TCP, while DATABASE_URL carries no password.
# pg_hba.conf is read top-down and the first match wins, so the trust lines go first. A marker keeps
# this idempotent.
trust_local_tcp() {
  local version hba marker='# vigie: trust local TCP (scripts/setup.sh)'
  version=$(pg_cluster_version)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  [[ -f $hba ]] || return 1
  grep -qF "$marker" "$hba" && return 0
  # `cat >` rather than `mv` keeps the file's owner and mode (postgres:postgres 0640).
  { printf '%s\n' "$marker" 'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' ''
    cat "$hba"; } >"$hba.vigie" || return 1
  cat "$hba.vigie" >"$hba" || return 1
  rm -f "$hba.vigie"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload >/dev/null 2>&1 || true
}

install_postgres() { apt_install postgresql && trust_local_tcp; }
# No recommends: fonts come as dependencies, the rest (extensions, drivers) the tests do not need.
install_chromium() { apt_install chromium; }
install_redis() { apt_install redis-server; }

# --- docker ----------------------------------------------------------------------------------------

# docker-compose.yml publishes the default ports on 127.0.0.1 only.
compose_up() {
  local service=$1 port=$2 published=$3
  [[ $port == "$published" ]] || return 1
  timeout 10 docker info >/dev/null 2>&1 || return 1
  (cd "$ROOT" && docker compose up -d --wait "$service" </dev/null >/dev/null)
}

# --- one service, end to end -----------------------------------------------------------------------

# launch NAME PORT -> tries steps 2-4 of the header; sets HOW on success, WHY on failure.
launch() {
  local name=$1 port=$2
  if "start_$name"; then
    HOW="started the installed server"
    return 0
  fi
  if "${name}_installed"; then
    WHY="installed, but could not be started"
  elif can_apt_install && "install_$name"; then
    # Debian's postinst may already have started it.
    "${name}_up" || "start_$name" || true
    HOW="installed with apt-get and started"
    return 0
  else
    WHY="not installed, and apt-get as root is unavailable or failed"
  fi
  if compose_up "$name" "$port" "$(default_port "$name")"; then
    HOW="started with docker compose"
    return 0
  fi
  WHY+="; no usable Docker"
  return 1
}

# ensure NAME HOST PORT -> prints the status line, returns 1 if the service is still unreachable.
ensure() {
  local name=$1 host=$2 port=$3
  HOW='' WHY=''
  if "${name}_up"; then
    log "$name: reachable at $host:$port (already running)"
    return 0
  fi
  if ! is_local "$host"; then
    WHY="not this machine, so nothing was started"
  elif [[ ${VIGIE_SETUP_NO_INSTALL:-} == 1 ]]; then
    WHY="VIGIE_SETUP_NO_INSTALL=1, so nothing was started"
  elif launch "$name" "$port" && wait_for "$name"; then
    log "$name: reachable at $host:$port ($HOW)"
    return 0
  elif [[ -n $HOW ]]; then
    WHY="$HOW, but it did not answer within ${WAIT_SECONDS}s"
  fi
  warn "$name: NOT reachable at $host:$port ($WHY)"
  return 1
}

postgres_installed() { [[ -n $(pg_cluster_version) ]]; }
redis_installed() { has redis-server; }
default_port() { [[ $1 == postgres ]] && echo 5432 || echo 6379; }

wait_for() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "${1}_up"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# For the failure message: never echo a password from a URL.
redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

failed=0
ensure postgres "$PG_HOST" "$PG_PORT" || failed=1
ensure redis "$REDIS_HOST" "$REDIS_PORT" || failed=1

# Chromium last: only the browser tests need it, and the services' messages matter more.
readonly CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
ensure_chromium() {
  if [[ -x $CHROMIUM_PATH ]]; then
    log "chromium: $CHROMIUM_PATH (already installed)"
  elif [[ ${VIGIE_SETUP_NO_INSTALL:-} != 1 && $CHROMIUM_PATH == /usr/bin/chromium ]] && can_apt_install && install_chromium; then
    log "chromium: $CHROMIUM_PATH (installed with apt-get)"
  else
    warn "chromium: not found at $CHROMIUM_PATH and not installed (needs root and apt-get);" \
      "the browser tests (test/web) will be skipped. Install Debian's chromium or set CHROMIUM_PATH."
  fi
}
ensure_chromium

if ((failed)); then
  cat >&2 <<EOF

Vigie needs PostgreSQL 15 and Redis 7. Do one of:
  - install them: on Debian/Ubuntu, as root: apt-get install postgresql redis-server
    (PostgreSQL must accept user postgres from 127.0.0.1 without a password, or put the password
    in DATABASE_URL), then run: npm run setup
  - if they are installed but stopped, start them as root:
      pg_ctlcluster 15 main start; redis-server --daemonize yes
  - install Docker and run: docker compose up -d --wait postgres redis
  - point the app at servers that already run:
      export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB   (now: $(redact "$DATABASE_URL"))
      export REDIS_URL=redis://HOST:6379                          (now: $(redact "$REDIS_URL"))
This script only starts or installs servers on this machine (127.0.0.1/localhost).
EOF
  exit 1
fi
