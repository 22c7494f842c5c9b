#!/usr/bin/env bash
# Extract, update and compile the gettext catalogues of the Leernetwerk project.
#
#   scripts/i18n.sh           makemessages (nl + en) for every catalogue, then compilemessages
#   scripts/i18n.sh --check   the same, then exit 1 when any nl .po file still has an
#                             untranslated or fuzzy entry
#
# Catalogues:
#   leernetwerk/kernel/locale, casework/locale, patterns/locale, learning/locale: that app (run from its folder)
#   site/locale                                         strings of site/ (config, home) and of the
#                                                       repo-root templates/ folder
#
# Re-running is safe: makemessages merges new strings into the existing .po files and keeps
# the translations that are already there (--no-obsolete drops strings no longer in the source).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
MANAGE="$ROOT/manage.py"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"

APPS=(leernetwerk/kernel casework patterns learning)
LOCALES=(-l nl -l en)

CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h | --help)
            sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "i18n.sh: unknown argument: $arg" >&2
            exit 2
            ;;
    esac
done

# gettext (xgettext, msgmerge, msgfmt, msgattrib) is needed by makemessages/compilemessages.
if ! command -v msgfmt >/dev/null 2>&1 || ! command -v msgattrib >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y gettext
    else
        echo "i18n.sh: GNU gettext is missing (install the 'gettext' package)" >&2
        exit 1
    fi
fi

# --- makemessages -----------------------------------------------------------------------

# Apps: run from inside the app so that its own locale/ directory is used. The locale/
# directory must exist beforehand, otherwise makemessages falls back to LOCALE_PATHS
# (site/locale).
for app in "${APPS[@]}"; do
    echo "==> makemessages: $app"
    mkdir -p "$ROOT/$app/locale"
    (
        cd "$ROOT/$app"
        "$PYTHON" "$MANAGE" makemessages "${LOCALES[@]}" --no-obsolete \
            --ignore 'migrations' --ignore 'static'
    )
done

# Site: run from the repo root, so both site/ (config, home) and the top-level templates/
# folder are scanned. Files outside an app with its own locale/ go to the first entry of
# LOCALE_PATHS, i.e. site/locale. Every other top-level folder (the apps, tests, docs,
# static, ...) is ignored, so only site/ and templates/ end up here.
echo "==> makemessages: site (site/ + templates/)"
mkdir -p "$ROOT/site/locale"
IGNORES=()
for dir in "$ROOT"/*/; do
    name="$(basename "$dir")"
    case "$name" in
        site | templates) ;;
        # "name/?*" (not "name" or "name/*": Django strips a trailing "/*" and also matches
        # patterns against bare folder names, which would hide e.g. templates/casework too).
        *) IGNORES+=(--ignore "$name/?*") ;;
    esac
done
(
    cd "$ROOT"
    "$PYTHON" "$MANAGE" makemessages "${LOCALES[@]}" --no-obsolete \
        --ignore 'migrations' "${IGNORES[@]}"
)

# --- compilemessages --------------------------------------------------------------------

for dir in "${APPS[@]}" site; do
    echo "==> compilemessages: $dir"
    (
        cd "$ROOT/$dir"
        "$PYTHON" "$MANAGE" compilemessages
    )
done

# --- check ------------------------------------------------------------------------------

if [ "$CHECK" -eq 1 ]; then
    status=0
    for dir in "${APPS[@]}" site; do
        po="$ROOT/$dir/locale/nl/LC_MESSAGES/django.po"
        if [ ! -f "$po" ]; then
            echo "missing catalogue: ${po#"$ROOT"/}" >&2
            status=1
            continue
        fi
        for kind in untranslated only-fuzzy; do
            # msgattrib prints nothing when the catalogue has no such entries; otherwise it
            # prints the header plus the offending entries (a fuzzy header counts too).
            report="$(msgattrib --"$kind" --no-wrap --no-location "$po")"
            if [ -n "$report" ]; then
                echo "${kind#only-} entries in ${po#"$ROOT"/}:" >&2
                # One line per entry: the full msgid (continuation lines joined);
                # the header shows up as msgid "" only when it is itself fuzzy.
                printf '%s\n' "$report" | awk -v kind="$kind" '
                    /^#,.*fuzzy/ { fuzzy = 1 }
                    /^msgid / { id = substr($0, 7); inid = 1; next }
                    inid && /^"/ { id = substr(id, 1, length(id) - 1) substr($0, 2); next }
                    inid { inid = 0
                           if (id != "\"\"") print "    msgid " id
                           else if (fuzzy && kind == "only-fuzzy") print "    (the header entry is fuzzy)" }
                    /^$/ { fuzzy = 0 }
                ' >&2
                status=1
            fi
        done
    done
    if [ "$status" -ne 0 ]; then
        echo "i18n.sh --check: the nl catalogues are incomplete" >&2
        exit 1
    fi
    echo "i18n.sh --check: all nl catalogues are complete"
fi
