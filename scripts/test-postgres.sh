#!/usr/bin/env bash
# Run the whole test suite against PostgreSQL, the production profile's database:
#   scripts/test-postgres.sh [pytest options]      e.g. scripts/test-postgres.sh tests/patterns -x
# (a throwaway cluster on 127.0.0.1, see scripts/with-postgres.sh; the browser tests run too,
# their Daphne processes share the test database).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec scripts/with-postgres.sh ./dev.sh test "$@"
