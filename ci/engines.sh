#!/usr/bin/env bash
# ci/engines.sh up|down — throwaway PostgreSQL, MariaDB (for MySQL) and H2 on loopback for the
# engine test suite. `up` installs missing Debian packages (as root, or with sudo -n), starts the
# three servers under $ISMIG_ENGINES_DIR without systemd, and writes $ISMIG_ENGINES_DIR/env.sh for
# the tests. `down` stops exactly the servers `up` recorded (by pid, after checking the pid is
# still that server) and removes the directory.
#   ports: ISMIG_PG_PORT (55432), ISMIG_MY_PORT (33306), ISMIG_H2_PORT (39093)
set -euo pipefail

DIR=${ISMIG_ENGINES_DIR:-${TMPDIR:-/tmp}/ismig-engines}
PG_PORT=${ISMIG_PG_PORT:-55432}
MY_PORT=${ISMIG_MY_PORT:-33306}
H2_PORT=${ISMIG_H2_PORT:-39093}
H2_JAR=/usr/share/java/h2.jar

say() { echo "[engines] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }
busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# pid $1 is alive and its command line mentions $2 (a recycled pid is not ours)
is_ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_missing() {
  local pkgs=()
  [ -n "$(pg_bin)" ] || pkgs+=(postgresql)
  # psql, and pg_dump for the rehearsal's copy
  { command -v psql >/dev/null && command -v pg_dump >/dev/null; } || pkgs+=(postgresql-client)
  # the mariadb client, and mariadb-dump for the rehearsal's copy
  { [ -x /usr/sbin/mariadbd ] && command -v mariadb >/dev/null && command -v mariadb-dump >/dev/null; } ||
    pkgs+=(mariadb-server mariadb-client)
  [ -f "$H2_JAR" ] || pkgs+=(libh2-java)
  # Apache Derby, a DB2-family engine: runs our single-statement DB2 triggers
  [ -f /usr/share/java/derby.jar ] || pkgs+=(libderby-java)
  # H2 compiles the Java source of our triggers in the server JVM: it needs a JDK, not a JRE
  java --list-modules 2>/dev/null | grep -q '^jdk.compiler@' || pkgs+=(default-jdk-headless)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  say "installing ${pkgs[*]}"
  local policy=0
  # package scripts must not start system services
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d; policy=1
  fi
  local ok=0
  as_root apt-get update -q >"$DIR/apt.log" 2>&1 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >>"$DIR/apt.log" 2>&1 || ok=1
  [ $policy = 1 ] && as_root rm -f /usr/sbin/policy-rc.d
  [ $ok = 0 ] || { tail -20 "$DIR/apt.log" >&2; die "apt-get install failed"; }
}

wait_port() { # port pidfile what
  for _ in $(seq 1 300); do
    busy "$1" && return 0
    kill -0 "$(cat "$2")" 2>/dev/null || die "$3 exited during start"
    sleep 0.1
  done
  die "$3 did not open port $1"
}

up() {
  mkdir -p "$DIR"; chmod 755 "$DIR"
  install_missing
  for p in "$PG_PORT" "$MY_PORT" "$H2_PORT"; do busy "$p" && die "port $p is in use (set ISMIG_*_PORT)"; done

  local bin; bin=$(pg_bin)
  rm -rf "$DIR/pg"; mkdir -p "$DIR/pg"
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DIR/pg"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/initdb" -D "$DIR/pg/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$DIR/pg/initdb.log" 2>&1 \
    || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
  "${as_pg[@]}" "$bin/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR/pg -c fsync=off -c synchronous_commit=off" start >/dev/null \
    || { tail -20 "$DIR/pg/server.log" >&2; die "PostgreSQL did not start"; }
  head -1 "$DIR/pg/data/postmaster.pid" >"$DIR/pg.pid"
  say "PostgreSQL up on 127.0.0.1:$PG_PORT"

  rm -rf "$DIR/my"; mkdir -p "$DIR/my"
  local myuser; myuser=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then chown mysql:mysql "$DIR/my"; myuser=mysql; fi
  mariadb-install-db --no-defaults --datadir="$DIR/my/data" --user="$myuser" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >"$DIR/my/install.log" 2>&1 || { cat "$DIR/my/install.log" >&2; die "mariadb-install-db failed"; }
  setsid /usr/sbin/mariadbd --no-defaults --datadir="$DIR/my/data" --socket="$DIR/my/sock" --port="$MY_PORT" \
    --bind-address=127.0.0.1 --log-error="$DIR/my/error.log" --user="$myuser" --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
  echo $! >"$DIR/my.pid"
  wait_port "$MY_PORT" "$DIR/my.pid" MariaDB
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MY_PORT" -u root ping >/dev/null 2>&1 && break; sleep 0.1
  done
  say "MariaDB up on 127.0.0.1:$MY_PORT"

  mkdir -p "$DIR/h2"
  # one server for every test run in parallel: the post-migration schema check of WSO2's 80 tables
  # alone needs about 128 MB of heap while it runs
  setsid java -Xmx1g -cp "$H2_JAR" org.h2.tools.Server -tcp -tcpPort "$H2_PORT" -ifNotExists -baseDir "$DIR/h2" \
    </dev/null >"$DIR/h2/server.log" 2>&1 &
  echo $! >"$DIR/h2.pid"
  wait_port "$H2_PORT" "$DIR/h2.pid" H2
  say "H2 up on 127.0.0.1:$H2_PORT"

  cat >"$DIR/env.sh" <<ENV
export ISMIG_PG="127.0.0.1:$PG_PORT"
export ISMIG_MYSQL="127.0.0.1:$MY_PORT"
export ISMIG_H2="127.0.0.1:$H2_PORT"
export ISMIG_H2_JAR="$H2_JAR"
ENV
}

stop_pid() { # pidfile marker what
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if is_ours "$pid" "$2"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do is_ours "$pid" "$2" || break; sleep 0.1; done
    is_ours "$pid" "$2" && kill -9 "$pid" 2>/dev/null || true
    say "$3 stopped"
  fi
  rm -f "$1"
}

down() {
  [ -d "$DIR" ] || return 0
  local bin; bin=$(pg_bin)
  if [ -f "$DIR/pg.pid" ] && is_ours "$(cat "$DIR/pg.pid")" "$DIR/pg/data"; then
    local as_pg=(); [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
    "${as_pg[@]}" "$bin/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  stop_pid "$DIR/pg.pid" "$DIR/pg/data" PostgreSQL
  stop_pid "$DIR/my.pid" "$DIR/my/data" MariaDB
  stop_pid "$DIR/h2.pid" "$DIR/h2" H2
  rm -rf "$DIR"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: ci/engines.sh up|down" >&2; exit 2 ;;
esac
