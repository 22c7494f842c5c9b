#!/usr/bin/env bash
# The import-linter contracts (.importlinter; ADR 0008) over the plugin as it installs.
# The repository keeps casework/, patterns/ and learning/ as top-level folders that install as
# leernetwerk.casework, .patterns and .learning (setup.py's package_dir). An editable install
# maps them with an import hook that import-linter's graph builder (grimp) does not follow: it
# walks the leernetwerk/ folder only. So this lays out the installed tree with symlinks in a
# temporary folder (nothing is written to the checkout) and puts the host's folder (site/:
# packages config and home) beside it, so the contracts can forbid importing the host.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PY:-.venv/bin/python}
tree=$(mktemp -d "${TMPDIR:-/tmp}/leernetwerk-imports-XXXXXX")
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/leernetwerk"
for entry in leernetwerk/*; do
  [ "$(basename "$entry")" = "__pycache__" ] || ln -s "$PWD/$entry" "$tree/leernetwerk/"
done
for app in casework patterns learning; do
  ln -s "$PWD/$app" "$tree/leernetwerk/$app"
done
# lint-imports puts the working directory first on the path: run it from the laid-out tree.
linter="$(cd "$(dirname "$PY")" && pwd)/lint-imports"
config="$PWD/.importlinter"
site="$PWD/site"
cd "$tree"
PYTHONPATH="$tree:$site" "$linter" --no-cache --no-logo "$@" "$config"
