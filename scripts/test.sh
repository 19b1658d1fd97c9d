#!/usr/bin/env bash
# Set everything up and run the whole test suite. Uses PostgreSQL when DATABASE_URL is set
# (as .ci/run does), SQLite otherwise; tests marked `postgres` need PostgreSQL and are skipped on
# SQLite (CI sets REQUIRE_POSTGRES=1, which turns such a skip into a failure).
# Extra arguments go to pytest, e.g. scripts/test.sh tests/accounts -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/system-deps.sh
workers=${PYTEST_WORKERS:-2}
exec .venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@"
