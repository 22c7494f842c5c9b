#!/usr/bin/env bash
# Lighthouse audit of the public pages (issue 18): accessibility and best practices must both
# score 95 or more on every kind of page an anonymous visitor reaches, on desktop and on mobile.
#
# 1. Installs Lighthouse from the npm registry into scripts/lighthouse/node_modules (`npm ci`
#    from the committed lockfile; Lighthouse 12.8.2, the last line that runs on Node 20).
# 2. Builds a throwaway site in a temporary folder: SQLite database, media and collected static
#    files there (settings scripts/lighthouse/lh_settings.py: the development settings with DEBUG
#    off and the production static-files storage), `migrate`, `load_demo --allow-production`,
#    `collectstatic`, then Daphne on 127.0.0.1 on a free port. The checkout's db.sqlite3,
#    media/ and staticfiles/ are not touched.
# 3. Finds the pages by crawling from the home page as an anonymous visitor
#    (scripts/lighthouse/pages.py: one page per kind — home, lessons index, a lesson, the lesson
#    search, the sessions index and a filtered one, a session, login, password reset — plus a
#    404 page; feeds, .ics and the API are not HTML and are left out).
# 4. Runs Lighthouse (Debian's Chromium, --headless=new --no-sandbox) on each page, desktop and
#    mobile, categories accessibility and best-practices, and prints the table and every audit
#    that lost points, with the elements (selectors) and items (console errors) it names
#    (scripts/lighthouse/report.py). JSON and HTML reports stay in the output folder.
#
# Usage: scripts/lighthouse.sh [options]
#   --url BASE            audit a site that is already running (e.g. http://127.0.0.1:8000)
#                         instead of building the throwaway one
#   --page PATH           audit this path only (repeatable); default: the crawl of step 3
#   --form-factor F       desktop, mobile or both (default both)
#   --language L          nl, en or both (default both): the page as a visitor who chose that
#                         language reads it (the language cookie the header's switch sets)
#   --min-score N         the lowest passing score (default 95)
#   --details D           failing (default: audits that lost points), all (also the unscored
#                         audits that failed), none (the table only)
#   --out DIR             where the reports go (default scripts/lighthouse/reports, git-ignored;
#                         emptied first)
#   --port N              the throwaway site's port (default: a free one)
#   --keep                keep the temporary folder (database, server log); its path is printed
# Environment: CHROME_PATH (default /usr/bin/chromium), PYTHON (default .venv/bin/python).
# Network: the npm registry (npm ci, only when node_modules is missing or stale) and 127.0.0.1.
# Exits 1 when a score is below the minimum or a run failed, 2 on a usage error; the server is
# stopped in every case.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LH_DIR="$REPO/scripts/lighthouse"
OUT="$LH_DIR/reports"
URL=""
PAGES=()
FORM_FACTOR=both
LANGUAGE=both
MIN_SCORE=95
DETAILS=failing
PORT=""
KEEP=0
usage() { sed -n '/^# Usage:/,/^# Exits/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --url) URL="${2%/}"; shift 2 ;;
        --page) PAGES+=("$2"); shift 2 ;;
        --form-factor) FORM_FACTOR="$2"; shift 2 ;;
        --language) LANGUAGE="$2"; shift 2 ;;
        --min-score) MIN_SCORE="$2"; shift 2 ;;
        --details) DETAILS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage ;;
        *) echo "lighthouse.sh: unknown option $1" >&2; usage ;;
    esac
done
case "$FORM_FACTOR" in
    both) FORM_FACTORS=(desktop mobile) ;;
    desktop|mobile) FORM_FACTORS=("$FORM_FACTOR") ;;
    *) echo "lighthouse.sh: --form-factor is desktop, mobile or both" >&2; exit 2 ;;
esac
case "$LANGUAGE" in
    both) LANGUAGES=(nl en) ;;
    nl|en) LANGUAGES=("$LANGUAGE") ;;
    *) echo "lighthouse.sh: --language is nl, en or both" >&2; exit 2 ;;
esac

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
[ -x "$PYTHON" ] || { echo "lighthouse.sh: no $PYTHON (./dev.sh start makes the virtualenv)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
command -v node >/dev/null || { echo "lighthouse.sh: node is missing (apt-get install nodejs npm)" >&2; exit 2; }

START=$(date +%s)
elapsed() { echo "$(( $(date +%s) - START ))s"; }
say() { echo "==> [$(elapsed)] $*"; }

WORK="$(mktemp -d -t leernetwerk-lighthouse-XXXXXX)"
SERVER_PID=""
LH_PID=""
cleanup() {
    local code=$?
    if [ -n "$LH_PID" ]; then
        kill -INT "$LH_PID" 2>/dev/null || true  # Lighthouse closes its Chromium on SIGINT
        wait "$LH_PID" 2>/dev/null || true
    fi
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "$KEEP" = 1 ]; then echo "lighthouse.sh: kept $WORK"; else rm -rf "$WORK"; fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Lighthouse from the lockfile; reinstalled only when the lockfile changed.
LH_BIN="$LH_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LH_BIN" ] || ! cmp -s "$LH_DIR/package-lock.json" "$LH_DIR/node_modules/.package-lock.json.installed"; then
    say "npm ci (Lighthouse from scripts/lighthouse/package-lock.json)"
    (cd "$LH_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$LH_DIR/package-lock.json" "$LH_DIR/node_modules/.package-lock.json.installed"
fi
say "Lighthouse $("$LH_BIN" --version), $("$CHROME_PATH" --version 2>/dev/null), node $(node --version)"

# 2. The throwaway site.
if [ -z "$URL" ]; then
    if [ -z "$PORT" ]; then
        PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    fi
    URL="http://127.0.0.1:$PORT"
    export LIGHTHOUSE_TMP="$WORK" LIGHTHOUSE_ORIGIN="$URL"
    export DJANGO_SETTINGS_MODULE=lh_settings
    export PYTHONPATH="$LH_DIR:$REPO/site:$REPO${PYTHONPATH:+:$PYTHONPATH}"
    cd "$REPO"
    say "site in $WORK: migrate"
    "$PYTHON" manage.py migrate --noinput -v0
    say "load_demo"
    "$PYTHON" manage.py load_demo --allow-production > "$WORK/load_demo.log"
    say "collectstatic"
    "$PYTHON" manage.py collectstatic --noinput -v0
    say "Daphne on $URL"
    "$REPO/.venv/bin/daphne" -b 127.0.0.1 -p "$PORT" config.asgi:application > "$WORK/daphne.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "$URL/" 2>/dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/daphne.log" >&2; echo "lighthouse.sh: Daphne exited" >&2; exit 1; }
        sleep 0.2
    done
    curl -fsS -o /dev/null "$URL/" || { cat "$WORK/daphne.log" >&2; echo "lighthouse.sh: $URL/ does not answer" >&2; exit 1; }
fi

# 3. The pages.
PAGES_TSV="$WORK/pages.tsv"
if [ ${#PAGES[@]} -gt 0 ]; then
    for path in "${PAGES[@]}"; do
        name="$(printf '%s' "$path" | sed 's|^/||; s|/$||; s|[^A-Za-z0-9]\{1,\}|-|g')"
        printf '%s\t%s\n' "${name:-home}" "$path"
    done > "$PAGES_TSV"
else
    "$PYTHON" "$LH_DIR/pages.py" "$URL" > "$PAGES_TSV"
fi
say "pages: $(cut -f2 "$PAGES_TSV" | tr '\n' ' ')"

# 4. Lighthouse, page by page.
mkdir -p "$OUT"
rm -f "$OUT"/*.report.json "$OUT"/*.report.html "$OUT"/*.log
FAILED_RUNS=0
# Every page in every language: "NAME-LANGUAGE<TAB>PATH<TAB>LANGUAGE".
RUNS_TSV="$PAGES_TSV.runs"
while IFS=$'\t' read -r name path; do
    for language in "${LANGUAGES[@]}"; do
        printf '%s-%s\t%s\t%s\n' "$name" "$language" "$path" "$language"
    done
done < "$PAGES_TSV" > "$RUNS_TSV"
while IFS=$'\t' read -r name path language; do
    for form_factor in "${FORM_FACTORS[@]}"; do
        flags=(--extra-headers="{\"Cookie\": \"django_language=$language\"}")
        [ "$form_factor" = desktop ] && flags+=(--preset=desktop)  # the default is mobile
        # Lighthouse refuses a page that answers 404 unless told: the 404 page is one to audit.
        status="$(curl -s -o /dev/null -w '%{http_code}' "$URL$path" || true)"
        [ "$status" = 200 ] || flags+=(--ignore-status-code)
        ok=0
        for attempt in 1 2; do
            "$LH_BIN" "$URL$path" "${flags[@]}" \
                --chrome-flags="--headless=new --no-sandbox" \
                --only-categories=accessibility,best-practices \
                --output=json --output=html --output-path="$OUT/$name.$form_factor" \
                --quiet > "$OUT/$name.$form_factor.log" 2>&1 &
            LH_PID=$!
            if wait "$LH_PID"; then ok=1; fi
            LH_PID=""
            [ "$ok" = 1 ] && break
            echo "lighthouse.sh: Lighthouse failed on $path ($form_factor, try $attempt):" >&2
            tail -5 "$OUT/$name.$form_factor.log" >&2
        done
        [ "$ok" = 1 ] || FAILED_RUNS=$((FAILED_RUNS + 1))
        say "$path $language $form_factor done (HTTP $status)"
    done
done < "$RUNS_TSV"
cut -f1,2 "$RUNS_TSV" > "$PAGES_TSV"
cp "$PAGES_TSV" "$OUT/pages.tsv"
if [ -n "$SERVER_PID" ]; then
    # Server-side errors during the audit (a 500, a traceback) would explain a failing page.
    if grep -q -E 'Traceback|" 500 |ERROR' "$WORK/daphne.log"; then
        echo "lighthouse.sh: the server logged errors:" >&2
        grep -E -A3 'Traceback|" 500 |ERROR' "$WORK/daphne.log" | head -40 >&2
    fi
fi

echo
set +e
"$PYTHON" "$LH_DIR/report.py" "$OUT" "$PAGES_TSV" --min-score "$MIN_SCORE" --details "$DETAILS" \
    --form-factors "$(IFS=,; echo "${FORM_FACTORS[*]}")"
code=$?
set -e
say "reports in $OUT (open NAME.FORMFACTOR.report.html in a browser); run time $(elapsed)"
[ "$FAILED_RUNS" -eq 0 ] || code=1
exit "$code"
