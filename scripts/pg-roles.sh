#!/usr/bin/env bash
# Create the PostgreSQL roles the app uses (idempotent):
#   koperasi_owner  owns the tables and runs migrations (CREATEDB for test databases; not a superuser)
#   koperasi_app    what the app and the tests connect as: owns nothing, not a superuser, so
#                   row-level security applies to it
#   koperasi_backup what pg_dump connects as (manage.py backup): reads every row past row-level
#                   security (BYPASSRLS, pg_read_all_data), writes nothing
# Connects as the local superuser `postgres` (trust auth in development and CI).
set -euo pipefail
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGSUPERUSER:-postgres}" -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'koperasi_owner') THEN
    CREATE ROLE koperasi_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD 'koperasi_owner';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'koperasi_app') THEN
    CREATE ROLE koperasi_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD 'koperasi_app';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'koperasi_backup') THEN
    CREATE ROLE koperasi_backup LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD 'koperasi_backup';
  END IF;
END
$$;
GRANT pg_read_all_data TO koperasi_backup;
SQL
if ! "${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'koperasi'" | grep -q 1; then
  "${PSQL[@]}" -c "CREATE DATABASE koperasi OWNER koperasi_owner"
fi
