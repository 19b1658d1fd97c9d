"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
# itself (factories, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Browser tests see the product as its users do: in Bahasa Indonesia, the site's default."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.indonesian)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (scripts/test.sh does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the login page; a platform admin, manager or assessor then types the code of
    their authenticator app (setting it up first when they have none, as a first login does)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/two-factor/" in page.url:
        type_second_factor(page, username)


def type_second_factor(page, username: str) -> None:
    """On the two-factor page: type the code the user's app would show now (the enrolment page shows
    the key; an app set up earlier has it in the database), then pass the recovery codes page."""
    from koperasi.accounts import totp
    from koperasi.accounts.models import TotpDevice

    if page.locator("[data-testid=totp-secret]").count():
        secret, last_used = page.inner_text("[data-testid=totp-secret]").replace(" ", ""), None
    else:
        device = TotpDevice.objects.get(user__username=username)
        secret, last_used = device.secret, device.last_used_step
    step = totp.time_step()
    if last_used is not None and last_used >= step:
        step = last_used + 1  # this step's code was used already: the next one is accepted too
    page.fill("#id_code", totp.hotp(totp.secret_bytes(secret), step))
    page.click("form[data-own-account] button[type=submit]")
    page.wait_for_load_state("networkidle")
    if page.locator("[data-testid=recovery-continue]").count():
        page.click("[data-testid=recovery-continue]")
        page.wait_for_load_state("networkidle")
