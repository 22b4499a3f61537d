#!/usr/bin/env bash
# A three-node Citus cluster on loopback for development and the Citus test run (docs/scale-out.md):
# coordinator on 9700, workers on 9701 and 9702, trust authentication on 127.0.0.1 only. Builds
# nothing: the citus extension must already be installed in PostgreSQL's directories. Idempotent:
# data directories are created once, running nodes are left running, nodes already added are kept.
#
#   scripts/citus/local-cluster.sh [database ...]   # default database: vigie
#   CITUS_URL=postgres://postgres@127.0.0.1:9700/vigie npm run migrate
#
# CITUS_DIR (default /work/citus-cluster) holds the data directories and logs; PG_BIN defaults to
# the PostgreSQL 15 binaries of the Debian packages. Stop with: scripts/citus/local-cluster.sh --stop
set -euo pipefail

CITUS_DIR=${CITUS_DIR:-/work/citus-cluster}
PG_BIN=${PG_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
PORTS=(9700 9701 9702)
COORDINATOR=${PORTS[0]}

# PostgreSQL refuses to run as root: run its binaries as the postgres user when started by root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { PGOPTIONS="-c client_min_messages=warning" as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "$2" -Atc "$3"; }

if [ "${1:-}" = "--stop" ]; then
  for port in "${PORTS[@]}"; do
    [ -f "$CITUS_DIR/$port/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$CITUS_DIR/$port" -m fast stop
  done
  exit 0
fi

mkdir -p "$CITUS_DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$CITUS_DIR"
for port in "${PORTS[@]}"; do
  data="$CITUS_DIR/$port"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
shared_preload_libraries = 'citus'
max_connections = 300
max_prepared_transactions = 200
# One Citus maintenance daemon per database: the test run holds a dozen databases at once.
max_worker_processes = 64
wal_level = logical
CONF
    # Loopback only, every role: the coordinator opens connections to the workers as the querying
    # role, so BI logins must be admitted on the workers too (docs/scale-out.md).
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$data/pg_hba.conf"
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$CITUS_DIR/$port.log" -w start >/dev/null
  fi
done

for db in "${@:-vigie}"; do
  for port in "${PORTS[@]}"; do
    if [ -z "$(psql_at "$port" postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_at "$port" postgres "CREATE DATABASE \"$db\""
    fi
    psql_at "$port" "$db" "CREATE EXTENSION IF NOT EXISTS citus"
  done
  psql_at "$COORDINATOR" "$db" "SELECT citus_set_coordinator_host('127.0.0.1', $COORDINATOR)" >/dev/null
  for port in "${PORTS[@]:1}"; do
    psql_at "$COORDINATOR" "$db" "SELECT citus_add_node('127.0.0.1', $port)" >/dev/null
  done
  echo "citus cluster ready: postgres://postgres@127.0.0.1:$COORDINATOR/$db ($(psql_at "$COORDINATOR" "$db" "SELECT count(*) FROM pg_dist_node WHERE isactive") nodes)"
done
