"""The production-like stack: docker-compose names its services and the Dockerfile installs like the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def compose_services() -> set[str]:
    text = (ROOT / "docker-compose.yml").read_text()
    block = text.split("\nservices:\n", 1)[1]
    return set(re.findall(r"^  ([a-z][a-z0-9_-]*):\s*$", block, flags=re.MULTILINE))


def test_compose_has_web_worker_beat_db_and_redis():
    assert compose_services() >= {"web", "worker", "beat", "db", "redis"}


def test_compose_wires_services_by_environment():
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert variable in text
    assert "postgres:18" in text  # the major version of the embedded server and of pg_dump
    assert "gunicorn" in text
    assert "celery" in text and "worker" in text and "beat" in text


def test_dockerfile_installs_the_project_the_way_the_readme_does():
    dockerfile = (ROOT / "Dockerfile").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "scripts/bootstrap.sh" in dockerfile
    assert "scripts/demo.sh" in readme and "scripts/test.sh" in readme
    assert "pip install" not in dockerfile, "the image must install through scripts/bootstrap.sh"


def test_readme_starts_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    head = "\n".join(lines[:12])
    assert "scripts/demo.sh" in head
    assert "scripts/test.sh" in head
