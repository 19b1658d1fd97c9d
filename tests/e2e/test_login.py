"""A platform admin opens the login page in Chromium, logs in and switches the language."""

import pytest

from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD, AdminFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_platform_admin_logs_in_and_sees_the_home_page(live_server, page):
    AdminFactory(username="admin", full_name="Admin Platform")
    log_in(page, live_server.url, "admin", PASSWORD)
    assert page.locator("h1").inner_text() == "Selamat datang, Admin Platform"
    nav = page.locator("nav.mainnav").inner_text()
    assert "Administrasi" in nav and "Dokumentasi API" in nav


def test_language_switch_in_the_browser_under_the_content_security_policy(live_server, page):
    """The switch works from the site's own script file: the policy allows no inline script."""
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    AdminFactory(username="admin")
    log_in(page, live_server.url, "admin", PASSWORD)
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Welcome" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # the API docs start from a script file too
    assert violations == []


def test_login_page_fits_a_360px_phone(live_server, phone_page):
    phone_page.goto(f"{live_server.url}/accounts/login/")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert phone_page.locator("#id_username").is_visible()
    assert phone_page.locator("nav.mainnav").is_hidden()  # behind the menu button on a phone


def test_a_manager_sets_up_two_factor_login_on_a_phone_and_types_the_code_next_time(live_server, phone_page):
    from koperasi.accounts.models import RecoveryCode
    from tests.e2e.conftest import type_second_factor
    from tests.factories.tenancy import CooperativeFactory, user_with_role

    manager = user_with_role(CooperativeFactory(), "manager", username="manajer", full_name="Manajer Satu")
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("#id_username", "manajer")
    phone_page.fill("#id_password", PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_load_state("networkidle")
    assert "/accounts/two-factor/" in phone_page.url
    assert phone_page.locator(".qr svg").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    type_second_factor(phone_page, "manajer")
    assert "/accounts/two-factor/" not in phone_page.url
    assert RecoveryCode.objects.filter(user=manager).count() == 10

    phone_page.context.clear_cookies()
    log_in(phone_page, live_server.url, "manajer", PASSWORD)  # now the "type your code" page
    assert "/accounts/two-factor/" not in phone_page.url and "/accounts/login/" not in phone_page.url
