#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL, the production profile's database, on 127.0.0.1.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#   scripts/with-postgres.sh ./dev.sh test tests/patterns -x     (scripts/test-postgres.sh does this)
#   scripts/with-postgres.sh sh -c '.venv/bin/python bench/suggestions.py --database-url "$DATABASE_URL"'
#
# Starts a PostgreSQL cluster in a temporary data directory on a free port (trust authentication,
# 127.0.0.1 only), runs COMMAND with DATABASE_URL pointing at it, then stops the cluster and
# removes its data. Installs Debian's postgresql when initdb is missing and we are root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_pg_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [ -n "$dir" ] && echo "$dir"
}

PGBIN="$(find_pg_bin || true)"
if [ -z "$PGBIN" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing PostgreSQL from Debian"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        PGBIN="$(find_pg_bin)"
    else
        echo "with-postgres.sh: PostgreSQL (initdb, pg_ctl) is not installed" >&2
        exit 1
    fi
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    AS=(runuser -u postgres --)
else
    AS=()
fi

DATA="$(mktemp -d /tmp/leernetwerk-pg.XXXXXX)"
[ "$(id -u)" = "0" ] && chown postgres "$DATA"
PORT="$("$ROOT/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)"

stop() {
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap stop EXIT

echo "==> Starting PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"${AS[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/leernetwerk"
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres leernetwerk
"$@"
