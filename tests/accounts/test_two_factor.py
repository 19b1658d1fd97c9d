"""Two-factor login (issue 25): platform admins, managers and assessors type a code from their
authenticator app after their password; they set the app up at their first login; a code passes once;
recovery codes stand in for a lost phone, once each; staff and members are not asked."""

import datetime
import re

import pytest
from django.urls import reverse

from koperasi.accounts import totp
from koperasi.accounts.models import AuditEvent, RecoveryCode, TotpDevice
from koperasi.accounts.selectors import requires_two_factor
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role, RoleAssignment
from tests.factories.accounts import PASSWORD, AdminFactory, UserFactory, with_authenticator
from tests.factories.tenancy import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.real_two_factor]
LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two-factor")
HOME = reverse("core:home")
SECURITY = reverse("accounts:security")  # a page every logged-in user may open


def log_in(client, user, next_url=""):
    body = {"username": user.username, "password": PASSWORD} | ({"next": next_url} if next_url else {})
    return client.post(LOGIN, body)


def wrong_code(secret: str) -> str:
    """A 6-digit code that no step near now has."""
    near = {totp.code_at(secret, totp.time_step() * 30 + 30 * offset) for offset in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(1000)) if code not in near)


def test_who_must_use_a_second_factor(coop, other_coop):
    assert requires_two_factor(AdminFactory())
    assert requires_two_factor(user_with_role(coop, Role.MANAGER))
    assert requires_two_factor(user_with_role(other_coop, Role.ASSESSOR))
    assert not requires_two_factor(user_with_role(coop, Role.STAFF))
    assert not requires_two_factor(user_with_role(coop, Role.MEMBER))
    assert not requires_two_factor(UserFactory())
    former = UserFactory()
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(
            user=former, role=Role.ASSESSOR, valid_until=datetime.date.today() - datetime.timedelta(days=1)
        )
    assert not requires_two_factor(former)  # an assessment that ended


def test_a_manager_sets_up_the_app_at_the_first_login_and_gets_recovery_codes(client, manager):
    assert log_in(client, manager)["Location"] == HOME
    sent = client.get(HOME)
    assert sent.status_code == 302 and sent["Location"] == f"{TWO_FACTOR}?next=%2Fhome%2F"
    page = client.get(sent["Location"])
    body = page.content.decode()
    assert 'data-testid="two-factor-enrol"' in body and "<svg" in body
    secret = TotpDevice.objects.get(user=manager).secret
    assert secret.startswith(page.context["secret"].split()[0])
    assert client.get(sent["Location"]).context["secret"] == page.context["secret"]  # a reload keeps the key

    refused = client.post(TWO_FACTOR, {"code": wrong_code(secret), "next": HOME})
    assert refused.status_code == 200 and refused.context["form"].errors["code"]
    assert client.get(SECURITY)["Location"].startswith(TWO_FACTOR)

    done = client.post(TWO_FACTOR, {"code": totp.code_at(secret), "next": HOME})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert RecoveryCode.objects.filter(user=manager).count() == 10
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()  # only hashes are kept
    assert TotpDevice.objects.get(user=manager).confirmed_at is not None
    assert client.get(SECURITY).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_enrolled", actor=manager).exists()


def test_until_the_code_is_typed_only_that_page_logout_and_static_files_answer(client, coop, manager):
    with_authenticator(manager)
    log_in(client, manager)
    tenant_page = reverse("tenancy:dashboard", kwargs={"slug": coop.slug})
    assert client.get(tenant_page)["Location"].startswith(TWO_FACTOR)
    assert client.get(reverse("accounts:security"))["Location"].startswith(TWO_FACTOR)
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    assert 'data-testid="two-factor-verify"' in client.get(TWO_FACTOR).content.decode()
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_manager_with_the_app_types_its_code_and_goes_where_they_were_going(client, coop, manager):
    secret = with_authenticator(manager)
    dashboard = reverse("tenancy:dashboard", kwargs={"slug": coop.slug})
    log_in(client, manager, next_url=dashboard)
    assert client.get(dashboard)["Location"] == f"{TWO_FACTOR}?next={dashboard.replace('/', '%2F')}"
    wrong = client.post(TWO_FACTOR, {"code": wrong_code(secret), "next": dashboard})
    assert "not right" in wrong.content.decode()
    session_before = client.session.session_key
    passed = client.post(TWO_FACTOR, {"code": totp.code_at(secret), "next": dashboard})
    assert passed.status_code == 302 and passed["Location"] == dashboard
    assert client.session.session_key != session_before  # a new session id once fully logged in
    assert client.get(dashboard).status_code == 200


def test_a_code_that_was_used_cannot_be_used_again(client, manager):
    secret = with_authenticator(manager)
    code = totp.code_at(secret)
    log_in(client, manager)
    assert client.post(TWO_FACTOR, {"code": code})["Location"] == HOME
    client.post(reverse("accounts:logout"))
    log_in(client, manager)
    replayed = client.post(TWO_FACTOR, {"code": code})
    assert replayed.status_code == 200 and replayed.context["form"].errors["code"]
    assert client.get(SECURITY)["Location"].startswith(TWO_FACTOR)


def test_a_recovery_code_logs_in_once(client, manager):
    with_authenticator(manager)
    from koperasi.accounts.services import regenerate_recovery_codes

    codes = regenerate_recovery_codes(manager)
    log_in(client, manager)
    assert client.post(TWO_FACTOR, {"code": codes[3].upper()})["Location"] == HOME
    assert AuditEvent.objects.filter(action="recovery_code_used", actor=manager).exists()
    client.post(reverse("accounts:logout"))
    log_in(client, manager)
    assert client.post(TWO_FACTOR, {"code": codes[3]}).status_code == 200
    assert client.post(TWO_FACTOR, {"code": codes[4].replace("-", "")})["Location"] == HOME
    assert RecoveryCode.objects.filter(user=manager, used_at__isnull=True).count() == 8


def test_wrong_codes_slow_down_further_tries(client, manager, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    secret = with_authenticator(manager)
    log_in(client, manager)
    for _attempt in range(3):
        client.post(TWO_FACTOR, {"code": wrong_code(secret)})
    refused = client.post(TWO_FACTOR, {"code": totp.code_at(secret)})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get(SECURITY)["Location"].startswith(TWO_FACTOR)


@pytest.mark.parametrize("role", [Role.STAFF, Role.MEMBER])
def test_staff_and_members_are_not_asked(client, coop, role):
    user = user_with_role(coop, role)
    assert log_in(client, user)["Location"] == HOME
    assert client.get(SECURITY).status_code == 200
    dashboard = client.get(reverse("tenancy:dashboard", kwargs={"slug": coop.slug}))
    assert dashboard.status_code == 200 or not dashboard["Location"].startswith(TWO_FACTOR)  # a member's portal
    assert not TotpDevice.objects.filter(user=user).exists()


def test_a_staff_member_made_manager_is_asked_soon_after(client, coop, staff, monkeypatch):
    log_in(client, staff)
    assert client.get(SECURITY).status_code == 200
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=staff, role=Role.MANAGER)
    from koperasi.accounts import login_state

    later = login_state.now() + login_state.RECHECK_SECONDS + 1
    monkeypatch.setattr(login_state, "now", lambda: later)
    assert client.get(SECURITY)["Location"].startswith(TWO_FACTOR)


def test_platform_admins_and_assessors_are_asked_too(client, coop):
    assessor = user_with_role(coop, Role.ASSESSOR)
    for user in (AdminFactory(), assessor):
        log_in(client, user)
        assert client.get(SECURITY)["Location"].startswith(TWO_FACTOR)
        client.post(reverse("accounts:logout"))


def test_the_security_page_shows_the_state_and_makes_new_recovery_codes(client, manager, staff):
    secret = with_authenticator(manager)
    from koperasi.accounts.services import regenerate_recovery_codes

    old = regenerate_recovery_codes(manager)
    log_in(client, manager)
    client.post(TWO_FACTOR, {"code": totp.code_at(secret)})
    page = client.get(reverse("accounts:security")).content.decode()
    assert "10 recovery codes left" in page and "data-confirm" in page
    new = client.post(reverse("accounts:security"), {"action": "recovery-codes"}).context["codes"]
    assert set(new).isdisjoint(old) and RecoveryCode.objects.filter(user=manager).count() == 10
    client.post(reverse("accounts:logout"))
    log_in(client, manager)
    assert client.post(TWO_FACTOR, {"code": old[0]}).status_code == 200  # the old codes stopped working
    client.post(reverse("accounts:logout"))
    log_in(client, staff)
    assert "Not required for your account" in client.get(reverse("accounts:security")).content.decode()


def test_a_platform_admin_resets_a_users_two_factor_login(client, manager):
    with_authenticator(manager)
    admin = AdminFactory()
    admin_secret = with_authenticator(admin)
    log_in(client, admin)
    client.post(TWO_FACTOR, {"code": totp.code_at(admin_secret)})
    page = client.get(reverse("accounts:security")).content.decode()
    assert 'data-testid="two-factor-reset"' in page and reverse("accounts:two-factor-reset") in page
    done = client.post(reverse("accounts:two-factor-reset"), {"username": manager.username}, follow=True)
    assert "was reset" in done.content.decode()
    assert not TotpDevice.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert event.actor == admin and event.object_id == str(manager.pk)
    unknown = client.post(reverse("accounts:two-factor-reset"), {"username": "nobody"}, follow=True)
    assert "No user has this username" in unknown.content.decode()

    client.post(reverse("accounts:logout"))
    log_in(client, manager)
    assert 'data-testid="two-factor-enrol"' in client.get(TWO_FACTOR).content.decode()  # sets it up again


def test_only_platform_admins_reset_a_second_factor(client, coop, manager):
    other = user_with_role(coop, Role.MANAGER)
    with_authenticator(other)
    secret = with_authenticator(manager)
    log_in(client, manager)
    client.post(TWO_FACTOR, {"code": totp.code_at(secret)})
    assert 'data-testid="two-factor-reset"' not in client.get(reverse("accounts:security")).content.decode()
    refused = client.post(reverse("accounts:two-factor-reset"), {"username": other.username})
    assert refused.status_code == 302 and refused["Location"].startswith(LOGIN)
    assert TotpDevice.objects.filter(user=other).exists()


def test_the_enrolment_qr_code_is_inline_svg_of_the_otpauth_uri(client, manager):
    log_in(client, manager)
    body = client.get(TWO_FACTOR).content.decode()
    svg = re.search(r"<svg[^>]*>", body).group(0)
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg or "<svg" in svg
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_demos_admin_managers_and_assessor_share_the_published_key_and_demo_code_prints_its_code():
    import io

    from django.core.management import call_command

    from demo import DEMO_TOTP_SECRET
    from demo.platform import platform_admin
    from demo.tenancy import cooperatives

    platform_admin()
    cooperatives()
    devices = TotpDevice.objects.filter(secret=DEMO_TOTP_SECRET, confirmed_at__isnull=False)
    assert set(devices.values_list("user__username", flat=True)) == {
        "admin", "penilai", "kpmk-manajer", "kud-manajer", "ksu-manajer", "kpbs-manajer"
    }  # fmt: skip
    assert not TotpDevice.objects.filter(user__username="kud-kasir").exists()
    before = totp.code_at(DEMO_TOTP_SECRET)
    out = io.StringIO()
    call_command("demo_code", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() in {before, totp.code_at(DEMO_TOTP_SECRET)}
