"""Every page carries a Content-Security-Policy that allows no inline script, and no template needs one."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


@pytest.mark.django_db
def test_pages_and_api_answers_carry_the_policy(client):
    for path in (reverse("accounts:login"), "/api/v1/me/", "/healthz"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = [
        f"{path.relative_to(TEMPLATES)}"
        for path in TEMPLATES.rglob("*.html")
        if INLINE_HANDLER.search(path.read_text()) or INLINE_SCRIPT.search(path.read_text())
    ]
    assert offenders == []
