#!/usr/bin/env bash
# Set everything up and serve the app with demo data on http://127.0.0.1:8000: PostgreSQL is the
# embedded server unless DATABASE_URL (and DATABASE_OWNER_URL) are set; Celery runs tasks eagerly
# unless REDIS_URL is set. Ctrl-C stops the app and the embedded server this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/services.sh
use_embedded_postgres
# The demo shows what a cooperative's users see: DEBUG off (error pages without tracebacks), the
# static files collected and served by WhiteNoise as in production. DEBUG=1 turns it back on.
export DEBUG=${DEBUG:-0}
address=${DEMO_ADDRESS:-127.0.0.1:8000}
if [ "$DEBUG" = 0 ]; then
  mkdir -p .local
  [ -s .local/demo-secret-key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > .local/demo-secret-key
  export SECRET_KEY=${SECRET_KEY:-$(cat .local/demo-secret-key)}
  export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost,${address%:*}}
  .venv/bin/python manage.py collectstatic --noinput --verbosity 0
fi
DATABASE_URL=${DATABASE_OWNER_URL:-$DATABASE_URL} .venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py runserver "$address"
