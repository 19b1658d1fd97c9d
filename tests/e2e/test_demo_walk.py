"""Every page of the demo, as each role reaches it by following links (issue 17, done-when).

The demo is loaded as ``scripts/demo.sh`` loads it; then, per role, Chromium follows every link it is
shown (one page per kind of URL: ``/k/<slug>/members/<n>/`` once) and fails on a 5xx or a link that
leads to a 403/404, on any console error, on an ``<input type=date>`` whose value is not ISO, and on
any form that writes shown to the assessor (their own account's forms aside: ``data-own-account``).
Screenshots of the POS and the member portal on a phone
are kept as test artifacts (``TEST_ARTIFACTS``, else ``.local/test-artifacts``).
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from tests.artifacts import artifacts_dir
from tests.e2e.conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "demo-koperasi-2026"
ROLES = {
    "manager": ("kud-manajer", DEMO_PASSWORD),
    "staff": ("kud-kasir", DEMO_PASSWORD),
    "member": ("kud-anggota", DEMO_PASSWORD),
    "assessor": ("penilai", DEMO_PASSWORD),
    "platform admin": ("admin", "admin-koperasi-2026"),
}
# Not pages of the product (Django's admin), not pages at all (downloads, the API), or links that act.
NOT_WALKED = re.compile(r"^/(admin|api|i18n|static|media)/|/accounts/logout|\.(csv|xlsx|pdf)$")
DOWNLOAD_QUERY = re.compile(r"(^|&)format=(pdf|xlsx|csv)")
MAX_PAGES_PER_ROLE = 150
# A walk that stops early (a broken start page, a lost session) must not pass for a clean one.
LEAST_PAGES = {"manager": 40, "staff": 30, "member": 5, "assessor": 30, "platform admin": 5}


def kind_of_url(url: str) -> str:
    """``/k/kud-mina/members/12/?page=2`` → ``/k/*/members/#/?page`` — one visit per kind of page."""
    parts = urlsplit(url)
    path = re.sub(r"^/k/[^/]+/", "/k/*/", parts.path)
    path = re.sub(r"/\d+(?=/|$)", "/#", path)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def walk(page, base_url: str, role: str) -> tuple[list[str], int]:
    """Follow every link from the start page; returns what is wrong (one line per defect) and how many
    pages were seen."""
    problems: list[str] = []
    current = {"url": ""}
    page.on("console", lambda message: message.type == "error" and problems.append(
        f"{role}: console error on {current['url']}: {message.text}"
    ))  # fmt: skip
    page.on("pageerror", lambda error: problems.append(f"{role}: script error on {current['url']}: {error}"))
    queue, seen = ["/"], {kind_of_url("/")}
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        current["url"] = path
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        visited += 1
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{role}: {path} answered {status}")
            continue
        problems.extend(f"{role}: {path}: {problem}" for problem in page_problems(page, role))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if (
                parts.netloc != urlsplit(base_url).netloc
                or NOT_WALKED.search(parts.path)
                or DOWNLOAD_QUERY.search(parts.query)
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if kind_of_url(target) not in seen:
                seen.add(kind_of_url(target))
                queue.append(target)
    return problems, visited


def page_problems(page, role: str) -> list[str]:
    problems = []
    bad_dates = page.eval_on_selector_all(
        "input[type=date]",
        "inputs => inputs.map(i => i.getAttribute('value')).filter(v => v && !/^\\d{4}-\\d{2}-\\d{2}$/.test(v))",
    )
    if bad_dates:
        problems.append(f"date inputs with non-ISO values {bad_dates}")
    if role == "assessor":
        writes = page.eval_on_selector_all(
            "form",
            "forms => forms.filter(f => f.method === 'post'"
            " && !f.matches('.logout, .langswitch, [data-computes], [data-assessor-work], [data-own-account]'))"
            ".map(f => f.getAttribute('action') || '(this page)')",
        )
        if writes:
            problems.append(f"forms that write shown to the assessor: {writes}")
    return problems


def test_every_demo_page_as_every_role(live_server, browser):
    call_command("load_demo", stdout=io.StringIO())
    artifacts = artifacts_dir()
    problems, visited = [], {}
    for role, (username, password) in ROLES.items():
        phone = role == "member"
        context = browser.new_context(locale="id-ID", **({"viewport": PHONE, "is_mobile": True} if phone else {}))
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            log_in(page, live_server.url, username, password)
            found, visited[role] = walk(page, live_server.url, role)
            problems += found
            if role == "staff":
                page.goto(f"{live_server.url}/k/kud-mina/waserda/pos/")
                page.screenshot(path=artifacts / "pos.png", full_page=True)
            if role == "member":
                page.goto(f"{live_server.url}/k/kud-mina/members/portal/")
                page.screenshot(path=artifacts / "portal-360px.png", full_page=True)
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
    short = {role: visited.get(role, 0) for role, least in LEAST_PAGES.items() if visited.get(role, 0) < least}
    assert not short, f"walks that stopped early: {short}"
