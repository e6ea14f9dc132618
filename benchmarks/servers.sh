# Sourced by benchmarks/peers.sh and benchmarks/network.sh: private Redis and PostgreSQL instances
# on loopback only, data in the caller's temp dir, installed from the system's packages when
# missing (apt-get, only as root). A server that cannot be installed or started is reported with a
# one-line message and the function fails, so the caller can skip that system.
#
# The caller sets before sourcing: tag (the message prefix), tmp (its temp dir, mode 755),
# redis_port, pg_port, and optionally pg_max_connections (default 64). stop_servers stops both.

redis_up=""
pg_up=""
pg_bin=""
as_postgres=()

# apt-get install, only as root and only when apt-get exists; quiet, and never fatal.
install_package() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  echo "$tag: installing $1 from the system's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >"$tmp/apt-$1.log" 2>&1 ||
    { apt-get update -q >>"$tmp/apt-$1.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >>"$tmp/apt-$1.log" 2>&1; }
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    install_package redis-server || { echo "$tag: skipping Redis: redis-server is not installed and cannot be"; return 1; }
  fi
  mkdir -p "$tmp/redis"
  # Private instance: loopback only, no RDB snapshots, append-only file in the temp dir.
  if ! redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$tmp/redis" --save "" --appendonly yes \
      --appendfsync everysec --daemonize yes --pidfile "$tmp/redis/redis.pid" --logfile "$tmp/redis/redis.log"; then
    echo "$tag: skipping Redis: redis-server did not start"; return 1
  fi
  for _ in $(seq 50); do
    if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
      redis_up=1; echo "$tag: Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$redis_port"; return 0
    fi
    sleep 0.1
  done
  echo "$tag: skipping Redis: no answer on 127.0.0.1:$redis_port"; return 1
}

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then pg_bin="$d"; fi
  done
  if [[ -z "$pg_bin" ]] && command -v initdb >/dev/null 2>&1; then
    pg_bin="$(dirname "$(readlink -f "$(command -v initdb)")")"
  fi
  [[ -n "$pg_bin" ]]
}

start_postgres() {
  if ! find_pg_bin; then
    install_package postgresql && find_pg_bin ||
      { echo "$tag: skipping PostgreSQL: initdb/pg_ctl not installed and cannot be"; return 1; }
  fi
  # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "$tag: skipping PostgreSQL: running as root and there is no postgres user"; return 1
    fi
    as_postgres=(runuser -u postgres --)
    mkdir -p "$tmp/pg" && chown postgres "$tmp/pg"
  else
    mkdir -p "$tmp/pg"
  fi
  if ! "${as_postgres[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 >"$tmp/initdb.log" 2>&1; then
    echo "$tag: skipping PostgreSQL: initdb failed (see below)"; tail -3 "$tmp/initdb.log"; return 1
  fi
  # Loopback only, fsync on (durability is chosen per session with synchronous_commit).
  if ! "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $tmp/pg -c fsync=on -c shared_buffers=512MB -c max_connections=${pg_max_connections:-64}" \
      start >/dev/null 2>&1; then
    echo "$tag: skipping PostgreSQL: the server did not start"; tail -3 "$tmp/pg/server.log" 2>/dev/null; return 1
  fi
  pg_up=1
  echo "$tag: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
}

stop_servers() {
  if [[ -n "$redis_up" ]]; then
    redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    redis_up=""
  fi
  if [[ -n "$pg_up" ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true
    pg_up=""
  fi
}
