#!/usr/bin/env bash
# Plugin install proof: a fresh Python 3.11 virtualenv, Wagtail and this plugin from the working
# tree, `wagtail start`, then exactly the code blocks of the README's "Install the plugin into an
# existing Wagtail site" section (scripts/plugin_install_apply.py reads and applies them), migrate,
# check, and a smoke test through the new project's manage.py shell (scripts/plugin_install_smoke.py):
# pages rendered with the test client, a live event received over the case's websocket.
#
# Usage: scripts/plugin-install-check.sh [--readme FILE] [--keep]
#   --readme FILE  take the install section from FILE instead of the repository's README.md
#   --keep         keep the temporary folder (its path is printed) for a look afterwards
# Network: PyPI only (pip, with its usual cache). Exits non-zero, saying which step failed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
README="$REPO/README.md"
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --readme) README="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: $0 [--readme FILE] [--keep]" >&2; exit 2 ;;
    esac
done

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || { echo "plugin-install-check: FAIL: $PYTHON not found" >&2; exit 1; }
WORK="$(mktemp -d -t leernetwerk-install-XXXXXX)"
cleanup() {
    if [ "$KEEP" = 1 ]; then echo "plugin-install-check: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

T0=$(date +%s.%N)
LAST=$T0
STEP=""
step() {
    local now; now=$(date +%s.%N)
    [ -n "$STEP" ] && printf '  (%s: %.1f s)\n' "$STEP" "$(echo "$now - $LAST" | bc)"
    LAST=$now
    STEP="$1"
    echo "==> $1"
}
trap 'echo "plugin-install-check: FAIL during \"$STEP\" (see the output above)" >&2' ERR

step "virtualenv ($("$PYTHON" --version))"
"$PYTHON" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip --disable-pip-version-check)

step "pip install Wagtail, Django 5.2 and the plugin from $REPO"
# Django 6 needs Python >= 3.12: pin 5.2 (wagtail start's requirements.txt says >=6.1).
"${PIP[@]}" install --quiet "Django>=5.2,<5.3" "wagtail>=7.0,<9" "$REPO" 2>&1 \
    | grep -v "^WARNING: Location 'file:" || true
"${PIP[@]}" show leernetwerk >/dev/null || { echo "plugin-install-check: FAIL: leernetwerk did not install" >&2; exit 1; }
# The plugin must come from site-packages, never from the checkout.
(cd "$WORK" && "$WORK/venv/bin/python" -c "import casework, sys; p = casework.__file__; print('  casework from', p); sys.exit('$REPO' in p)")

step "wagtail start mysite"
mkdir "$WORK/project"
"$WORK/venv/bin/wagtail" start mysite "$WORK/project" >/dev/null
cd "$WORK/project"

step "apply the README's install section ($README)"
"$WORK/venv/bin/python" "$REPO/scripts/plugin_install_apply.py" "$README" "$WORK/project" mysite

step "manage.py check and migrate"
export DJANGO_SETTINGS_MODULE=mysite.settings.dev
"$WORK/venv/bin/python" manage.py check
"$WORK/venv/bin/python" manage.py migrate --noinput >/dev/null
"$WORK/venv/bin/python" manage.py makemigrations --check --dry-run >/dev/null \
    || { echo "plugin-install-check: FAIL: the installed plugin lacks migrations" >&2; exit 1; }

step "smoke test (manage.py shell): pages and a live event"
"$WORK/venv/bin/python" manage.py shell --no-imports \
    -c "import runpy; runpy.run_path('$REPO/scripts/plugin_install_smoke.py', run_name='__main__')"

step "done"
printf 'plugin-install-check: OK in %.0f s\n' "$(echo "$(date +%s.%N) - $T0" | bc)"
