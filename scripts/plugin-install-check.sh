#!/usr/bin/env bash
# Plugin install proof (issue 15): the wheel built from the work tree goes into a fresh
# `wagtail start` project, which gets exactly the code blocks of the README's "Install the plugin
# into an existing Wagtail site" section (scripts/plugin_install_apply.py reads and applies them:
# the pip command with the wheel in place of `leernetwerk`, the settings and URL lines, migrate,
# leernetwerk_setup). Then the project is served by Daphne on 127.0.0.1 and driven from outside
# over HTTP and a websocket (scripts/plugin_install_smoke.py: login forms, the case form, a live
# comment, anonymous sees no case anywhere, a manager sees the board), `check --deploy` must show
# nothing of ours, and (profiles lts and clash) the README's "Uninstall the plugin" section must
# leave a host that still serves its home page and search, without a table, content type,
# migration record or page of ours, and with its own apps' rows and group intact.
#
# Profiles (the newest and the oldest stack Wagtail 8 accepts, and a host whose names clash):
#   newest  Python 3.13, the Django of the project's own requirements.txt (6.1)
#   lts     Python 3.11, Django 5.2 (the README's pin for Python 3.11)
#   clash   Python 3.13, a host that already has apps `learning` and `patterns` (each with a model
#           and a migration) and a group "Managers" with a member, migrated before the plugin
#           comes; that member must gain nothing
#   all     the three, one after the other (CI)
#
# Usage: scripts/plugin-install-check.sh [--profile P] [--readme FILE] [--wheel FILE] [--keep]
#   --readme FILE  take the sections from FILE instead of the repository's README.md
#   --wheel FILE   install this wheel instead of building one from the work tree
#   --keep         keep the temporary folder (its path is printed) for a look afterwards
# Environment: PYTHON311, PYTHON313 (the interpreters; default python3.11 and pyenv's 3.13.0).
# Network: the package index only (pip, with its usual cache); servers listen on 127.0.0.1.
# Exits non-zero, saying which profile and which step failed.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
README="$REPO/README.md"
PROFILE=all
KEEP=0
WHEEL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE="$2"; shift 2 ;;
        --readme) README="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --wheel) WHEEL="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: $0 [--profile newest|lts|clash|all] [--readme FILE] [--wheel FILE] [--keep]" >&2
           exit 2 ;;
    esac
done
case "$PROFILE" in
    all) PROFILES=(newest lts clash) ;;
    newest|lts|clash) PROFILES=("$PROFILE") ;;
    *) echo "plugin-install-check: unknown profile $PROFILE" >&2; exit 2 ;;
esac

PYTHON311="${PYTHON311:-python3.11}"
if [ -z "${PYTHON313:-}" ]; then
    if command -v pyenv >/dev/null && pyenv prefix 3.13.0 >/dev/null 2>&1; then
        PYTHON313="$(pyenv prefix 3.13.0)/bin/python3.13"
    else
        PYTHON313=python3.13
    fi
fi
CLIENT="$REPO/.venv/bin/python"  # the smoke client (websockets is in the dev extra)
[ -x "$CLIENT" ] || CLIENT=python3

WORK="$(mktemp -d -t leernetwerk-install-XXXXXX)"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() {
    stop_server
    if [ "$KEEP" = 1 ]; then echo "plugin-install-check: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
fail() { echo "plugin-install-check: FAIL [$RUN] during \"$STEP\": $*" >&2; exit 1; }

RUN=build
STEP=""
step() {
    STEP="$1"
    echo "==> [$RUN] $1"
}

build_wheel() {
    # The release build: scripts/build-check.sh copies the work tree (tracked and
    # untracked-not-ignored files, uncommitted changes included) to a temporary folder, runs
    # `python -m build` and `twine check` there and checks the wheel's contents, so no build/,
    # dist/ or *.egg-info lands in the checkout. Without build/twine: `pip wheel` of such a copy.
    step "build the wheel from a copy of the work tree"
    mkdir -p "$WORK/dist"
    if [ -x "$REPO/scripts/build-check.sh" ] && "$CLIENT" -c "import build, twine" 2>/dev/null; then
        PYTHON="$CLIENT" "$REPO/scripts/build-check.sh" --keep "$WORK/dist" >"$WORK/build.log" 2>&1 \
            || { tail -n 30 "$WORK/build.log" >&2; fail "scripts/build-check.sh failed"; }
    else
        local tree="$WORK/tree"
        "$CLIENT" - "$REPO" "$tree" <<'EOF'
import shutil
import subprocess
import sys
from pathlib import Path

repo, tree = Path(sys.argv[1]), Path(sys.argv[2])
listed = subprocess.run(
    ["git", "ls-files", "-co", "--exclude-standard", "-z"],
    cwd=repo, capture_output=True, check=True,
).stdout.decode()
for name in filter(None, listed.split("\0")):
    if (repo / name).is_file():  # a tracked file deleted in the work tree is not built
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, tree / name)
EOF
        "$CLIENT" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$WORK/dist" \
            "$tree" || fail "the wheel did not build"
    fi
    WHEEL="$(ls "$WORK"/dist/leernetwerk-*.whl)"
    echo "  $(basename "$WHEEL")"
}

manage() { "$VENV/bin/python" manage.py "$@"; }
host_pip() {  # the host's own installs (quiet; without this machine's find-links notices)
    local out status=0
    out="$("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1)" || status=$?
    grep -v "^WARNING: Location 'file:" <<<"$out" || true
    return "$status"
}
host_action() {
    manage shell --no-imports -c "import runpy, sys; sys.argv = ['plugin_install_host', '$1', '$STATE']; runpy.run_path('$REPO/scripts/plugin_install_host.py', run_name='__main__')"
}
free_port() {
    "$CLIENT" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}
wait_for() {  # URL: until it answers (any HTTP status) or 60 s passed
    local i
    for i in $(seq 1 120); do
        if curl -s -o /dev/null "$1"; then return 0; fi
        if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.5
    done
    tail -n 40 "$SERVER_LOG" >&2 || true
    fail "the server did not answer at $1"
}

make_host_apps() {
    # What a host's developers did long ago: `startapp learning` and `startapp patterns`, a model
    # each, their migrations, migrated; and a group "Managers" with a member.
    local app
    for app in learning patterns; do
        manage startapp "$app"
        cat >> "$app/models.py" <<'EOF'


class Note(models.Model):
    """The host's own model (the plugin must leave it alone)."""

    text = models.CharField(max_length=200)
EOF
    done
    "$VENV/bin/python" - "$PROJECT/mysite/settings/base.py" <<'EOF'
import sys
from pathlib import Path

path = Path(sys.argv[1])
text = path.read_text()
anchor = '    "search",\n'
assert anchor in text, "wagtail start's INSTALLED_APPS changed"
path.write_text(text.replace(anchor, anchor + '    "learning",\n    "patterns",\n', 1))
EOF
    manage makemigrations learning patterns >/dev/null
    manage migrate --noinput >/dev/null
    host_action host-prepare
}

run_profile() {
    RUN="$1"
    local python pins=() started t0 t_pip t_migrate t_smoke
    case "$RUN" in
        lts) python="$PYTHON311"; pins=("Django>=5.2,<6") ;;
        *) python="$PYTHON313" ;;
    esac
    started=$(now)
    local dir="$WORK/$RUN"
    VENV="$dir/venv"
    PROJECT="$dir/project"
    STATE="$dir/state.json"
    SERVER_LOG="$dir/server.log"
    local timings="$dir/timings.tsv"
    mkdir -p "$dir"
    trap 'fail "see the output above"' ERR

    step "virtualenv ($("$python" --version 2>&1))"
    command -v "$python" >/dev/null || fail "$python not found"
    "$python" -m venv "$VENV"

    step "the host: pip install Wagtail 8${pins[*]:+ and }${pins[*]}, wagtail start mysite"
    t0=$(now)
    host_pip "wagtail>=8,<9" ${pins[@]+"${pins[@]}"}
    mkdir "$PROJECT"
    "$VENV/bin/wagtail" start mysite "$PROJECT" >/dev/null
    cd "$PROJECT"
    if [ ${#pins[@]} -eq 0 ]; then
        # The project's own requirements (Django 6.1 on Wagtail 8.0); on Python 3.11 they cannot
        # install (Django 6 needs 3.12), hence the README's pin there.
        host_pip -r requirements.txt
    fi
    t_pip=$(secs "$t0" "$(now)")
    echo "  ($t_pip s)"
    export DJANGO_SETTINGS_MODULE=mysite.settings.dev

    if [ "$RUN" = clash ]; then
        step "the host's own apps learning and patterns and its group Managers, migrated"
        make_host_apps
    fi

    step "apply the README's install section ($README)"
    : > "$timings"
    "$VENV/bin/python" "$REPO/scripts/plugin_install_apply.py" "$README" "$PROJECT" mysite \
        --python "$VENV/bin/python" --wheel "$WHEEL" --timings "$timings" \
        ${pins[@]+"${pins[@]/#/--pip-extra=}"}
    # The plugin comes from the virtualenv's site-packages, never from the checkout.
    "$VENV/bin/python" -c "import leernetwerk, sys; print('  leernetwerk from', leernetwerk.__file__); sys.exit(not leernetwerk.__file__.startswith('$VENV/'))" \
        || fail "leernetwerk is not imported from the virtualenv"
    "$VENV/bin/python" -c "import django, wagtail, sys; print(f'  Python {sys.version.split()[0]}, Django {django.__version__}, Wagtail {wagtail.__version__}')"
    t_pip=$(printf '%.1f' "$(echo "$t_pip + $(awk -F'\t' '$2 ~ /^pip / {s += $1} END {print s + 0}' "$timings")" | bc)")
    t_migrate=$(awk -F'\t' '$2 ~ /manage.py (migrate|leernetwerk_setup)/ {s += $1} END {printf "%.1f", s}' "$timings")

    step "manage.py check, makemigrations --check, check --deploy"
    manage check
    manage makemigrations --check --dry-run >/dev/null \
        || fail "the installed plugin lacks migrations on this Django"
    local deploy
    deploy="$(manage check --deploy 2>&1 || true)"
    # (our temporary folder's name holds "leernetwerk": a path in a host's message is not ours)
    if sed "s|$WORK||g" <<<"$deploy" | grep -i leernetwerk; then
        fail "check --deploy shows the lines above of the plugin"
    fi
    echo "  check --deploy: $(grep -cE '^[^ ]+: \([a-z_]+\.[EWCI][0-9]+\)' <<<"$deploy" || true) messages, none of ours"

    step "accounts through the role API (manage.py shell)"
    host_action users

    step "serve with Daphne on 127.0.0.1 and drive it over HTTP and a websocket"
    t0=$(now)
    local app port
    app="$(manage shell --no-imports -c "from django.conf import settings; print(settings.ASGI_APPLICATION)" | tail -n 1)"
    port="$(free_port)"
    echo "  daphne -b 127.0.0.1 -p $port ${app%.*}:${app##*.}"
    "$VENV/bin/daphne" -b 127.0.0.1 -p "$port" "${app%.*}:${app##*.}" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for "http://127.0.0.1:$port/"
    if ! "$CLIENT" "$REPO/scripts/plugin_install_smoke.py" "http://127.0.0.1:$port" "$STATE"; then
        # (403s log their tracebacks as warnings: the log without tracebacks' lines)
        echo "  --- the server's log (last 40 lines, tracebacks left out) ---" >&2
        grep -vE '^(Traceback|\s|[a-z_.]+\.[A-Z][A-Za-z]*(:|$))' "$SERVER_LOG" \
            | tail -n 40 >&2 || true
        fail "the smoke test failed"
    fi
    stop_server
    # A 403 logs its traceback too (Django's "Forbidden" warning): look for 5xx and crashes only.
    if grep -nE '" 5[0-9]{2} |Internal Server Error|Exception inside application' "$SERVER_LOG"; then
        fail "the server logged an error (above; the full log is $SERVER_LOG with --keep)"
    fi
    t_smoke=$(secs "$t0" "$(now)")

    # The uninstall runs on the two other hosts: both ends of Django (5.2 in lts, 6.1 in clash),
    # one of them the host whose own apps and group must survive it.
    local uninstalled=""
    if [ "$RUN" != newest ]; then
        t0=$(now)
        uninstall_and_serve
        uninstalled=", uninstall $(secs "$t0" "$(now)") s"
    fi

    trap - ERR
    cd "$WORK"
    SUMMARY+=("$(printf '%-7s OK in %5.0f s  (pip %s s, migrate+setup %s s, smoke %s s%s)' \
        "$RUN" "$(echo "$(now) - $started" | bc)" "$t_pip" "$t_migrate" "$t_smoke" "$uninstalled")")
}

uninstall_and_serve() {
    step "apply the README's uninstall section"
    "$VENV/bin/python" "$REPO/scripts/plugin_install_apply.py" "$README" "$PROJECT" mysite \
        --section uninstall --python "$VENV/bin/python" --timings "$timings"  # (run_profile's locals)
    host_action after-uninstall
    step "the host without the plugin still serves its pages (runserver on 127.0.0.1)"
    local port url code
    port="$(free_port)"
    # (the python itself in the background, not the `manage` function: its pid is what stops)
    "$VENV/bin/python" manage.py runserver "127.0.0.1:$port" --noreload >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    wait_for "http://127.0.0.1:$port/"
    for url in / "/search/?query=Home"; do
        code="$(curl -s -o "$dir/page.html" -w '%{http_code}' "http://127.0.0.1:$port$url")"
        echo "  anonymous    GET  $url -> $code"
        [ "$code" = 200 ] || fail "the host does not serve $url after the uninstall (HTTP $code)"
    done
    # (Wagtail's migration made the home page without indexing it: the search finds nothing.)
    grep -q 'action="/search/"' "$dir/page.html" || fail "the host's search page lost its form"
    stop_server
}

T0=$(now)
SUMMARY=()
if [ -z "$WHEEL" ]; then build_wheel; fi
for profile in "${PROFILES[@]}"; do
    run_profile "$profile"
done
echo
echo "plugin-install-check: all passed in $(secs "$T0" "$(now)") s"
printf '  %s\n' "${SUMMARY[@]}"
