#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on loopback, its URL in KIOSK_TEST_PG_URL.
# Used by `make test` so the schema, seeding and services are proven on PostgreSQL as well as SQLite.
# Without PostgreSQL binaries (and not root to install them) it runs the command without the server.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] && [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ]; then
  echo "with-postgres: no PostgreSQL server here; PostgreSQL tests will be skipped" >&2
  exec "$@"
fi
dir=$(mktemp -d /tmp/kiosk-pg-XXXXXX)
port=$((20000 + RANDOM % 20000))
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = "0" ] && chown postgres "$dir"
as_pg "$bindir/initdb" -D "$dir/data" -U kiosk --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bindir/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
cleanup() { as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U kiosk kiosk_test
export KIOSK_TEST_PG_URL="postgresql+psycopg://kiosk@127.0.0.1:$port/kiosk_test"
"$@"
