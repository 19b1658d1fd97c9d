"""Platform admins create cooperatives (defaults seeded) and assign assessors for a period."""

import datetime
import io
import os

import pytest
from django.urls import reverse

from koperasi.tenancy import services
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment
from tests.factories.accounts import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory(username="root"))
    return client


def test_platform_admin_creates_a_cooperative_with_its_first_manager(admin_client):
    UserFactory(username="pak-dedi")
    response = admin_client.post(
        reverse("tenancy-platform:cooperative-create"),
        {
            "name": "KUD Mina Sejahtera",
            "slug": "kud-mina",
            "kind": "kud",
            "fiscal_year_start_month": 1,
            "province": "Jawa Tengah",
            "is_active": "on",
            "manager": "pak-dedi",
        },
    )
    assert response.status_code == 302
    cooperative = Cooperative.objects.get(slug="kud-mina")
    with cooperative_context(cooperative.pk):
        assert RoleAssignment.objects.filter(user__username="pak-dedi", role=Role.MANAGER).exists()


def test_creating_a_cooperative_runs_every_registered_seeder(monkeypatch):
    seen = []
    monkeypatch.setattr(services, "COOPERATIVE_SEEDERS", [("probe", lambda coop: seen.append(coop.slug))])
    services.create_cooperative(actor=None, name="KSU Kopi", slug="ksu-kopi", kind="ksu")
    assert seen == ["ksu-kopi"]


def test_invalid_cooperative_form_shows_field_errors_and_keeps_input(admin_client):
    Cooperative.objects.create(name="Taken", slug="taken", kind="ksu")
    response = admin_client.post(
        reverse("tenancy-platform:cooperative-create"),
        {"name": "Koperasi Baru", "slug": "taken", "kind": "bank", "fiscal_year_start_month": 13},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"slug", "kind", "fiscal_year_start_month"} <= set(errors)
    assert response.context["form"]["name"].value() == "Koperasi Baru"


def test_cooperative_api_for_platform_admins(admin_client):
    created = admin_client.post(
        "/api/v1/cooperatives/",
        {"name": "KSU Argopuro", "slug": "ksu-argopuro", "kind": "ksu", "province": "Jawa Timur"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    bad = admin_client.post("/api/v1/cooperatives/", {"name": ""}, content_type="application/json")
    assert bad.status_code == 400
    assert {"name", "slug", "kind"} <= set(bad.json()["errors"])
    listing = admin_client.get("/api/v1/cooperatives/", {"search": "argopuro"}).json()
    assert [row["slug"] for row in listing["results"]] == ["ksu-argopuro"]


def test_assigning_an_assessor_for_a_period(admin_client, coop):
    UserFactory(username="dinas")
    today = datetime.date.today()
    response = admin_client.post(
        reverse("tenancy-platform:cooperative", kwargs={"pk": coop.pk}),
        {"identifier": "dinas", "valid_from": today, "valid_until": today + datetime.timedelta(days=90)},
    )
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        assignment = RoleAssignment.objects.get(user__username="dinas")
    assert assignment.role == Role.ASSESSOR and assignment.valid_until == today + datetime.timedelta(days=90)


def test_assessor_period_must_be_ordered(admin_client, coop):
    UserFactory(username="dinas")
    today = datetime.date.today()
    response = admin_client.post(
        f"/api/v1/platform/cooperatives/{coop.pk}/assessors/",
        {"identifier": "dinas", "valid_from": today, "valid_until": today - datetime.timedelta(days=1)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "valid_until" in response.json()["errors"]


def test_cooperative_list_and_detail_pages(admin_client, coop):
    assert coop.name in admin_client.get(reverse("tenancy-platform:cooperatives")).content.decode()
    detail = admin_client.get(reverse("tenancy-platform:cooperative", kwargs={"pk": coop.pk}))
    assert detail.status_code == 200 and coop.name in detail.content.decode()


def test_platform_admin_edits_and_deactivates_a_cooperative(admin_client, coop):
    url = reverse("tenancy-platform:cooperative-edit", kwargs={"pk": coop.pk})
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"name": "Koperasi A Baru", "kind": "ksu", "fiscal_year_start_month": 7, "province": "Jawa Barat"}
    )
    assert response.status_code == 302
    coop.refresh_from_db()
    assert (coop.name, coop.fiscal_year_start_month, coop.is_active, coop.slug) == (
        "Koperasi A Baru",
        7,
        False,
        "koperasi-a",
    )


def _picture(format_: str, size=(40, 20)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a7").save(buffer, format=format_)
    return buffer.getvalue()


def _logo_form(coop, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koperasi.tenancy.forms import CooperativeEditForm

    data = {field: getattr(coop, field) for field in ("name", "slug", "kind", "fiscal_year_start_month", "is_active")}
    return CooperativeEditForm(data, {"logo": SimpleUploadedFile(name, content)}, instance=coop)


def test_a_logo_is_a_png_jpeg_or_webp_picture_of_at_most_1_mb(coop):
    assert _logo_form(coop, "logo.png", _picture("PNG")).is_valid()
    assert _logo_form(coop, "logo.webp", _picture("WEBP")).is_valid()
    gif = _logo_form(coop, "logo.gif", _picture("GIF"))
    assert not gif.is_valid() and gif.errors["logo"] == ["The logo must be a PNG, JPEG or WebP picture."]
    big = _logo_form(coop, "logo.png", _picture("PNG", size=(1200, 1200))[:100] + os.urandom(1024 * 1024))
    assert not big.is_valid()  # not even readable: a truncated picture padded to 1 MB
    script = _logo_form(coop, "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert not script.is_valid() and "logo" in script.errors


def test_a_logo_over_1_mb_is_refused_with_its_reason(coop, monkeypatch):
    from koperasi.tenancy import forms

    monkeypatch.setattr(forms, "LOGO_MAX_BYTES", 100)
    form = _logo_form(coop, "logo.png", _picture("PNG", size=(200, 200)))
    assert not form.is_valid() and form.errors["logo"] == ["The logo is larger than 1 MB."]
