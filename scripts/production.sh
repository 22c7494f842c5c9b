#!/usr/bin/env bash
# The production profile on this machine: PostgreSQL and Redis (Debian packages) on 127.0.0.1,
# migrations, two Daphne processes behind nginx (Debian's), the Redis channel layer between them.
#
#   scripts/production.sh                 serves http://127.0.0.1:8000 until Ctrl-C
#   scripts/production.sh --demo          ... with the demo content (load_demo; public passwords)
#   scripts/production.sh --port 0 --daphnes 3 --state-file /tmp/stack.json
#
# PostgreSQL comes from scripts/with-postgres.sh (a throwaway cluster), Redis, the Daphne
# processes and nginx (site: deploy/nginx/leernetwerk.conf.template) from scripts/production.py
# (which reuses tests/servers.py). Installs postgresql, redis-server and nginx with apt-get when
# root and missing. Everything it started stops on Ctrl-C, SIGTERM or exit; the data is thrown
# away.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$ROOT/.venv/bin/python}"

install_missing() {  # install_missing COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    [ -x "/usr/sbin/$1" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing $2 from Debian"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else
        echo "production.sh: $2 is not installed" >&2
        exit 1
    fi
}
install_missing redis-server redis-server
install_missing nginx nginx

# with-postgres.sh starts the cluster, runs the stack in the foreground and removes the cluster
# when the stack stops (its EXIT trap).
exec scripts/with-postgres.sh "$PY" scripts/production.py "$@"
