#!/usr/bin/env bash
# Private, throw-away PostgreSQL cluster for tests: `start` prints a DATABASE_URL base, `stop` removes it.
# Usage: eval "$(scripts/pg-cluster.sh start)"   ...   scripts/pg-cluster.sh stop
set -euo pipefail
# One cluster per checkout, so two clones (or worktrees) can run their tests side by side.
DIR="${PG_CLUSTER_DIR:-/tmp/stockroom-pg-$(cd "$(dirname "$0")/.." && pwd | sha256sum | cut -c1-8)}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    if [ -f "$DIR/port" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      PORT=$(cat "$DIR/port")
    else
      rm -rf "$DIR"; mkdir -p "$DIR"; [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      PORT=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
      as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
      echo "$PORT" > "$DIR/port"
    fi
    echo "export PG_BASE_URL=postgresql://postgres@127.0.0.1:$PORT"
    ;;
  stop)
    [ -d "$DIR/data" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
