#!/usr/bin/env bash
# Builds the release files as a release would and checks them, without touching the work tree:
#   scripts/build-check.sh [--keep DIR]
# 1. copies the work tree's files (tracked and untracked, minus what .gitignore excludes: what the
#    next commit would hold, uncommitted changes included) into a temporary folder;
# 2. runs `python -m build` there (sdist, then the wheel built from the sdist);
# 3. `twine check --strict` on both;
# 4. checks the wheel: exactly one top-level package, `leernetwerk` (plus its .dist-info), with
#    templates, static files, translations (.po and .mo) and migrations, and no tests, site or bench;
#    and the sdist: LICENSE, CHANGELOG.md, README.md, templates, static files and translations;
# 5. proves the work tree holds no build/, dist/ or *.egg-info the build made (git status too).
# Exits non-zero on any failure. With --keep DIR, copies dist/* to DIR.
# Needs `build` and `twine` (the dev extra) in $PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
KEEP=""
if [ "${1:-}" = "--keep" ]; then KEEP=${2:?--keep needs a folder}; fi

fail() { echo "build-check: FAILED: $*" >&2; exit 1; }
artefacts() {
  # Build artefacts anywhere in the work tree (virtualenvs and node_modules excluded).
  find . \( -path ./.git -o -path './.venv*' -o -path ./node_modules \) -prune -o \
    \( -name build -o -name dist -o -name '*.egg-info' \) -print 2>/dev/null | sort
}
git_artefacts() {
  git status --porcelain --ignored --untracked-files=normal |
    grep -E '(^|[ /])(build|dist)/|\.egg-info' | sort || true
}

"$PY" -c "import build, twine" 2>/dev/null || fail "$PY lacks build/twine (pip install -e '.[dev]')"
before=$(artefacts)
git_before=$(git_artefacts)
if [ -n "$before" ]; then
  echo "build-check: note: build artefacts already in the work tree (not made by this run):" >&2
  echo "$before" | sed 's/^/  /' >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leernetwerk-build-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SRC=$WORK/src
mkdir -p "$SRC"

echo "==> Copying the work tree (git ls-files -co --exclude-standard) to $SRC"
git ls-files -z -co --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$SRC"

echo "==> python -m build"
(cd "$SRC" && "$PY" -m build --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1) ||
  { tail -40 "$WORK/build.log" >&2; fail "python -m build"; }
grep -iE "warning" "$WORK/build.log" | grep -v "byte-compiling is disabled" | sort -u | sed 's/^/  build: /' || true
ls -l "$WORK/dist"
WHEEL=$(ls "$WORK"/dist/*.whl)
SDIST=$(ls "$WORK"/dist/*.tar.gz)
if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/dist/* "$KEEP"/ && echo "==> Kept in $KEEP"; fi

echo "==> twine check --strict"
"$PY" -m twine check --strict "$WORK"/dist/* || fail "twine check"

echo "==> Wheel contents"
"$PY" - "$WHEEL" "$SDIST" <<'EOF' || fail "release file contents"
import sys
import tarfile
import zipfile

wheel, sdist = sys.argv[1:]
names = zipfile.ZipFile(wheel).namelist()
top = sorted({n.split("/", 1)[0] for n in names})
print("top-level names in the wheel:", ", ".join(top))
problems = []
packages = [t for t in top if not t.endswith(".dist-info")]
if packages != ["leernetwerk"] or len(top) != 2:
    problems.append(f"the wheel must hold exactly leernetwerk/ and one .dist-info, not {top}")
apps = ["leernetwerk/kernel", "leernetwerk/casework", "leernetwerk/patterns", "leernetwerk/learning"]
for app in apps:
    label = "leernetwerk_" + app.rsplit("/", 1)[1]
    for part, suffix in [
        (f"{app}/templates/{label}/", ".html"),
        (f"{app}/locale/nl/LC_MESSAGES/django", ".po"),
        (f"{app}/locale/nl/LC_MESSAGES/django", ".mo"),
        (f"{app}/migrations/0001_initial", ".py"),
    ]:
        if not any(n.startswith(part) and n.endswith(suffix) for n in names):
            problems.append(f"missing from the wheel: {part}*{suffix}")
if not any(n.startswith("leernetwerk/") and "/static/leernetwerk_" in n for n in names):
    problems.append("no static files (…/static/leernetwerk_*/) in the wheel")
for banned in ("tests/", "site/", "bench/", "config/", "home/", "scripts/"):
    if any(n.startswith(banned) or f"/{banned}" in n for n in names):
        problems.append(f"the wheel holds {banned}")
if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
    problems.append("the wheel's .dist-info lacks licenses/LICENSE")
counts = {
    "python modules": sum(n.endswith(".py") for n in names),
    "templates": sum(n.endswith(".html") for n in names),
    "static files": sum("/static/" in n for n in names),
    "translations (.po/.mo)": sum(n.endswith((".po", ".mo")) for n in names),
    "migrations": sum("/migrations/0" in n for n in names),
}
print("wheel:", ", ".join(f"{v} {k}" for k, v in counts.items()))

members = [m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m]
for required in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "setup.py"):
    if required not in members:
        problems.append(f"the sdist lacks {required}")
for part in ("/templates/", "/static/", "/locale/"):
    if not any(part in m for m in members):
        problems.append(f"the sdist holds nothing under {part}")
print(f"sdist: {len(members)} entries")
for p in problems:
    print("  PROBLEM:", p)
sys.exit(1 if problems else 0)
EOF


echo "==> Work tree left clean of build artefacts"
after=$(artefacts)
new=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')
[ -z "$new" ] || fail "the build left artefacts in the work tree: $new"
dirty=$(comm -13 <(echo "$git_before") <(git_artefacts) | sed '/^$/d')
[ -z "$dirty" ] || fail "git status shows build artefacts the build made: $dirty"
echo "build-check: OK"
