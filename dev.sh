#!/usr/bin/env bash
# Leernetwerk's developer entry point.
#   ./dev.sh start   set up (virtualenv, install, migrate, demo content) and run the site on 127.0.0.1:8000
#   ./dev.sh test    set up and run the whole test suite (installs Chromium/Redis from Debian when root)
#   ./dev.sh setup   only create/refresh the virtualenv
# Environment: LEERNETWERK_VENV (default .venv) and PYTHON (the interpreter that creates it), e.g.
#   LEERNETWERK_VENV=.venv-313 PYTHON=python3.13 ./dev.sh test   (CI's newest-stack leg)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

VENV="${LEERNETWERK_VENV:-.venv}"
PY="$VENV/bin/python"

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

setup() {
  if [ ! -x "$PY" ]; then
    echo "==> Creating the virtualenv in $VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  # Reinstall only when the dependencies changed.
  if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
    echo "==> Installing Leernetwerk with its development tools"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -e ".[dev]"
    touch "$VENV/.installed"
  fi
}

apt_install() {
  # Installs Debian packages when we may (root); otherwise says what is missing.
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing $* from Debian"
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
      apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
  else
    echo "!! $* missing and not root: the tests that need it will be skipped with a reason." >&2
  fi
}

start() {
  setup
  "$PY" manage.py migrate --noinput
  "$PY" manage.py load_demo
  echo "==> Leernetwerk runs on http://127.0.0.1:8000/ (admin: /admin/; see README for the demo logins)"
  exec "$PY" manage.py runserver 127.0.0.1:8000
}

run_tests() {
  setup
  [ -x /usr/bin/chromium ] || apt_install chromium
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  # Two workers on two cores; each worker has its own test database and live server.
  set +e
  "$PY" -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
  status=$?
  set -e
  if [ "$status" = "5" ]; then
    echo "!! pytest collected no tests: that counts as a failure." >&2
    exit 1
  fi
  exit "$status"
}

case "${1:-}" in
  start) start ;;
  test) shift; run_tests "$@" ;;
  setup) setup ;;
  *)
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
