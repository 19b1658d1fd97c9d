#!/usr/bin/env bash
# Set everything up and serve the app with demo data on http://127.0.0.1:8000
# (SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DEBUG=${DEBUG:-1}
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo
exec .venv/bin/python manage.py runserver "${DEMO_ADDRESS:-127.0.0.1:8000}"
