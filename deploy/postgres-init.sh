#!/usr/bin/env bash
# Run once by the postgres image on an empty volume: the owner role (migrations; CREATEDB for the
# scratch database of manage.py restore_check) and the app role
# (what web/worker/beat connect as; owns nothing, so row-level security applies) and the backup role
# (what pg_dump connects as: reads every row past row-level security, writes nothing).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE koperasi_owner LOGIN CREATEDB NOSUPERUSER PASSWORD '${KOPERASI_OWNER_PASSWORD}';
CREATE ROLE koperasi_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${KOPERASI_APP_PASSWORD}';
CREATE ROLE koperasi_backup LOGIN NOSUPERUSER BYPASSRLS PASSWORD '${KOPERASI_BACKUP_PASSWORD}';
GRANT pg_read_all_data TO koperasi_backup;
CREATE DATABASE koperasi OWNER koperasi_owner;
SQL
