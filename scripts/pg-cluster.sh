#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-cluster.sh start DIR   creates DIR, initialises a cluster in DIR/data and starts it on
#                                     127.0.0.1 at a free port (socket directory DIR, log DIR/log);
#                                     prints one line, the URL postgresql://govmedia@127.0.0.1:PORT/postgres,
#                                     which is also written to DIR/url.
#   scripts/pg-cluster.sh stop DIR    stops the cluster (fast shutdown) and removes DIR; does nothing
#                                     when DIR does not exist, and succeeds when the server is already down.
#
# The superuser is govmedia, authenticated by trust (no password): the cluster listens on the
# loopback address only and lives as long as the tests that use it. As root the server runs as the
# Debian `postgres` user (PostgreSQL refuses to run as root), which then owns DIR; as any other user
# it runs as that user. Everything but the URL goes to standard error.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RUN_AS=postgres

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR | stop DIR" >&2
  exit 2
}

# Runs a PostgreSQL program as the user that owns the cluster.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}

# Prints the last lines of the given logs to standard error.
log_tail() {
  local f
  for f in "$@"; do
    if [[ -s $f ]]; then
      echo "---- last lines of $f ----" >&2
      tail -n 30 "$f" >&2
    fi
  done
}

# A TCP port on 127.0.0.1 that nothing listens on now (the kernel picks it; a race with another
# process is still possible, hence the retries in start).
free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || die "PostgreSQL 15 not found in $PG_BIN (install postgresql-15)"
  command -v python3 >/dev/null || die "python3 is needed to find a free port"
  if [[ -e $DIR ]] && [[ -n $(ls -A "$DIR" 2>/dev/null) ]]; then
    die "$DIR exists and is not empty; stop it first or choose another directory"
  fi
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  # The server's unix socket is DIR/.s.PGSQL.PORT; the kernel limits such a path to 107 bytes.
  ((${#DIR} <= 90)) || die "$DIR is too long a path for the server's unix socket (keep it under /tmp)"
  if [[ $(id -u) -eq 0 ]]; then
    id "$RUN_AS" >/dev/null 2>&1 || die "running as root needs the '$RUN_AS' user (install postgresql-15)"
    chown "$RUN_AS": "$DIR"
    chmod 755 "$DIR"
    runuser -u "$RUN_AS" -- test -w "$DIR" ||
      die "user $RUN_AS cannot write $DIR (is a parent directory closed to it? use a directory under /tmp)"
  fi
  # The server's programs must not start in a directory their user cannot read (root's home).
  cd "$DIR"

  if ! as_owner "$PG_BIN/initdb" -D "$DIR/data" -A trust -U govmedia --encoding=UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1; then
    log_tail "$DIR/initdb.log"
    die "initdb failed"
  fi

  # Settings of a throwaway test cluster. fsync, synchronous_commit and full_page_writes off trade
  # crash safety for speed: after a crash of the machine the cluster could be corrupt, which does not
  # matter here since the cluster and its data are thrown away after the tests (never use them for
  # data that must survive). max_connections is high because tests open many connections in
  # parallel; shared_buffers stays modest so that several clusters fit on a small machine.
  {
    echo ""
    echo "# scripts/pg-cluster.sh: throwaway test cluster"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$DIR'"
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    echo "max_connections = 300"
    echo "shared_buffers = 128MB"
    echo "logging_collector = off"
  } | as_owner tee -a "$DIR/data/postgresql.conf" >/dev/null

  local port attempt started=0
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # The port is set on the command line, so a retry does not have to edit the configuration.
    if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      started=1
      break
    fi
    # Another process took the port between the check and the start: try another one.
    if grep -q "could not bind\|Address already in use" "$DIR/log" 2>/dev/null; then
      echo "pg-cluster: port $port was taken, trying another (attempt $attempt)" >&2
      continue
    fi
    break
  done
  if ((!started)); then
    log_tail "$DIR/log"
    as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    die "the server did not start (DIR kept for inspection: $DIR; remove it with: $0 stop $DIR)"
  fi

  local i
  for ((i = 0; i < 60; i++)); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U govmedia -d postgres; then
      local url="postgresql://govmedia@127.0.0.1:$port/postgres"
      echo "$url" | as_owner tee "$DIR/url" >/dev/null
      echo "$url"
      return 0
    fi
    sleep 0.5
  done
  log_tail "$DIR/log"
  die "the server started but does not accept connections on 127.0.0.1:$port"
}

stop() {
  [[ -e $DIR ]] || return 0
  DIR=$(cd "$DIR" && pwd)
  # Only a directory this script made is removed: one holding a cluster, a URL or an initdb log,
  # or nothing at all.
  if [[ ! -f $DIR/data/PG_VERSION && ! -f $DIR/url && ! -f $DIR/initdb.log && -n $(ls -A "$DIR") ]]; then
    die "$DIR does not look like a cluster made by $0; not removing it"
  fi
  cd /
  if [[ -f $DIR/data/postmaster.pid ]]; then
    if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1; then
      # Already gone (a stale pid file), or stuck: make sure it is down before removing its files.
      if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 ||
          die "could not stop the server of $DIR"
      fi
    fi
  fi
  rm -rf -- "$DIR"
}

[[ $# -eq 2 ]] || usage
DIR=$2
[[ -n $DIR ]] || usage
case $1 in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
