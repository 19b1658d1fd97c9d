"""The database's own functions live in files: one ``<app>/sql/<function>.sql`` per function, holding
the body the migrated database runs. Editing a file without a migration that loads it again, or
adding a function only inside a migration, fails here."""

import re
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SQL_FILES = sorted(
    path for path in ROOT.glob("**/sql/*.sql") if ".venv" not in path.parts and ".local" not in path.parts
)
BODY = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?AS (\$\w*\$)(.*?)\2", re.S)


def _database_functions() -> dict[str, str]:
    """Every PL/pgSQL function of the public schema, by name, with its body."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " JOIN pg_language l ON l.oid = p.prolang WHERE n.nspname = 'public' AND l.lanname = 'plpgsql'"
        )
        return dict(cursor.fetchall())


def test_there_is_one_file_per_function_named_after_it():
    assert SQL_FILES, "no sql/*.sql file found"
    for path in SQL_FILES:
        names = [match.group(1) for match in BODY.finditer(path.read_text(encoding="utf-8"))]
        assert names == [path.stem], f"{path.relative_to(ROOT)} must define exactly the function {path.stem}"


@pytest.mark.django_db
def test_the_migrated_database_runs_the_body_each_file_holds():
    in_database = _database_functions()
    for path in SQL_FILES:
        match = BODY.search(path.read_text(encoding="utf-8"))
        name, body = match.group(1), match.group(3)
        assert name in in_database, f"{name} is not in the database: no migration loads {path.relative_to(ROOT)}"
        assert in_database[name] == body, (
            f"{name} in the database differs from {path.relative_to(ROOT)}: add a migration that runs "
            f"run_sql_file for it again"
        )


@pytest.mark.django_db
def test_every_plpgsql_function_has_its_file():
    assert set(_database_functions()) == {path.stem for path in SQL_FILES}
