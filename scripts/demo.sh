#!/usr/bin/env bash
# Set everything up and serve the app with demo data on http://127.0.0.1:8000: PostgreSQL is the
# embedded server unless DATABASE_URL (and DATABASE_OWNER_URL) are set; Celery runs tasks eagerly
# unless REDIS_URL is set. Ctrl-C stops the app and the embedded server this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/services.sh
use_embedded_postgres
export DEBUG=${DEBUG:-1}
DATABASE_URL=${DATABASE_OWNER_URL:-$DATABASE_URL} .venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py runserver "${DEMO_ADDRESS:-127.0.0.1:8000}"
