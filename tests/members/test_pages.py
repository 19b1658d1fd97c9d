"""Member pages: the register with search and filters, forms with errors, admission, exit, import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koperasi.core.navigation import NAVIGATION
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role, RoleAssignment
from members.models import Member, MemberStatus
from members.validators import make_nik
from tests.factories.members import ActiveMemberFactory, MemberFactory
from tests.factories.tenancy import user_with_role
from tests.members.page_errors import page_errors

pytestmark = pytest.mark.django_db


def url(name, coop, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": coop.slug, **kwargs})


@pytest.fixture
def people(coop):
    with cooperative_context(coop.pk):
        return [
            MemberFactory(name="Asep Saepudin", occupation="petani"),
            ActiveMemberFactory(name="Euis Kurniasih", occupation="pengrajin"),
            ActiveMemberFactory(name="Slamet Riyadi", occupation="nelayan"),
        ]


def test_menu_has_the_members_entry():
    assert "members:list" in [item.url_name for item in NAVIGATION]


def test_list_searches_by_name_nik_and_number_and_filters(client, coop, staff, people):
    client.force_login(staff)
    html = client.get(url("list", coop)).content.decode()
    assert all(person.name in html for person in people)
    assert "Asep" in client.get(url("list", coop), {"q": "asep"}).content.decode()
    assert "Euis" not in client.get(url("list", coop), {"q": "asep"}).content.decode()
    by_nik = client.get(url("list", coop), {"q": people[1].nik}).content.decode()
    assert "Euis" in by_nik and "Asep" not in by_nik
    by_number = client.get(url("list", coop), {"q": str(people[2].member_no)}).content.decode()
    assert "Slamet" in by_number and "Euis" not in by_number
    candidates = client.get(url("list", coop), {"status": "calon"}).content.decode()
    assert "Asep" in candidates and "Slamet" not in candidates
    fishers = client.get(url("list", coop), {"occupation": "nelayan"}).content.decode()
    assert "Slamet" in fishers and "Asep" not in fishers


def test_list_is_paginated_with_a_constant_number_of_queries(client, coop, staff, django_assert_max_num_queries):
    with cooperative_context(coop.pk):
        for _ in range(30):
            MemberFactory()
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(url("list", coop))
    first = response.content.decode()
    assert first.count('data-testid="member-') == 25
    assert "Page 1 of 2" in first and '<a class="button" href="?page=2">Next</a>' in first and "Previous" not in first
    second = client.get(url("list", coop), {"page": 2}).content.decode()
    assert second.count('data-testid="member-') == 5
    assert "Page 2 of 2" in second and '<a class="button" href="?page=1">Previous</a>' in second
    filtered = client.get(url("list", coop), {"q": "", "status": ""}).content.decode()
    assert '<a class="button" href="?q=&amp;status=&amp;page=2">Next</a>' in filtered  # the filters are kept


def test_create_with_errors_answers_400_and_keeps_the_input(client, coop, staff):
    client.force_login(staff)
    data = {
        "nik": "3204101708750001",
        "name": "Budi Santoso",
        "sex": "P",  # the NIK encodes a man
        "birth_date": "1975-08-18",  # and the 17th
        "occupation": "petani",
        "join_date": "2024-01-02",
        "address": "Kp. Cibodas RT 02",
    }
    response = client.post(url("create", coop), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Budi Santoso"' in html and "Kp. Cibodas RT 02" in html
    assert "does not match the NIK" in html or "tidak sesuai" in html.lower()
    with cooperative_context(coop.pk):
        assert Member.objects.count() == 0


def test_item_9_the_nik_fills_sex_and_birth_date_when_left_empty(client, coop, staff):
    client.force_login(staff)
    data = {"nik": "3204105708750002", "name": "Siti Aminah", "occupation": "petani", "join_date": "2024-01-02"}
    assert client.post(url("create", coop), data).status_code == 302
    with cooperative_context(coop.pk):
        member = Member.objects.get()
    assert member.sex == "P" and member.birth_date == datetime.date(1975, 8, 17)  # day 57 = 17 + 40


def test_item_9_without_a_readable_nik_sex_and_birth_date_are_asked_for_with_every_other_error(client, coop, staff):
    client.force_login(staff)
    response = client.post(url("create", coop), {"nik": "12", "name": "", "join_date": "2024-01-02"})
    assert response.status_code == 400
    errors = page_errors(response)
    assert {"nik", "name", "sex", "birth_date"} <= set(errors)


def test_create_then_detail(client, coop, staff):
    client.force_login(staff)
    data = {
        "nik": "3204101708750001",
        "name": "Budi Santoso",
        "sex": "L",
        "birth_date": "1975-08-17",
        "occupation": "petani",
        "join_date": "2024-01-02",
    }
    response = client.post(url("create", coop), data)
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        member = Member.objects.get()
    assert response["Location"] == url("detail", coop, pk=member.pk)
    html = client.get(response["Location"]).content.decode()
    assert "Budi Santoso" in html and 'data-testid="member-no">1<' in html


def test_duplicate_nik_is_a_field_error(client, coop, staff, people):
    client.force_login(staff)
    person = people[0]
    data = {
        "nik": person.nik,
        "name": "Orang Lain",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "occupation": "petani",
        "join_date": "2024-01-02",
    }
    response = client.post(url("create", coop), data)
    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()


def test_edit_saves_and_invalid_edit_answers_400(client, coop, staff, people):
    client.force_login(staff)
    person = people[0]
    data = {
        "nik": person.nik,
        "name": "Asep S.",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "occupation": "pedagang",
        "join_date": person.join_date.isoformat(),
    }
    assert client.post(url("edit", coop, pk=person.pk), data).status_code == 302
    with cooperative_context(coop.pk):
        person.refresh_from_db()
    assert (person.name, person.occupation) == ("Asep S.", "pedagang")
    response = client.post(url("edit", coop, pk=person.pk), {**data, "nik": "12"})
    assert response.status_code == 400
    assert 'value="12"' in response.content.decode()


def test_manager_admits_and_records_an_exit(client, coop, manager, people):
    client.force_login(manager)
    candidate = people[0]
    response = client.post(url("admit", coop, pk=candidate.pk), {"admitted_on": "2024-02-01"})
    assert response.status_code == 302
    bad = client.post(url("exit", coop, pk=candidate.pk), {"exit_date": "", "exit_reason": ""})
    assert bad.status_code == 400
    ok = client.post(url("exit", coop, pk=candidate.pk), {"exit_date": "2025-01-31", "exit_reason": "Pindah"})
    assert ok.status_code == 302
    with cooperative_context(coop.pk):
        candidate.refresh_from_db()
    assert (candidate.status, candidate.exit_date) == (MemberStatus.EXITED, datetime.date(2025, 1, 31))


def test_admission_before_joining_answers_400(client, coop, manager, people):
    client.force_login(manager)
    response = client.post(url("admit", coop, pk=people[0].pk), {"admitted_on": "2000-01-01"})
    assert response.status_code == 400


def test_staff_cannot_admit_or_record_exits(client, coop, staff, people):
    client.force_login(staff)
    assert client.post(url("admit", coop, pk=people[0].pk), {"admitted_on": "2024-02-01"}).status_code == 403
    assert client.get(url("exit", coop, pk=people[0].pk)).status_code == 403


def test_a_member_gets_portal_access_by_accepting_the_managers_invitation(
    client, coop, manager, people, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("link-user", coop, pk=people[1].pk), {"email": "euis@example.org"})
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        assert Member.objects.get(pk=people[1].pk).user is None  # nothing until the member accepts
    link = next(word for word in mail.outbox[-1].body.split() if "/invitations/" in word)
    client.logout()
    password = "Kelapa-Muda-2026"
    accepted = client.post(
        link.split("testserver", 1)[1], {"username": "euis", "password1": password, "password2": password}
    )
    assert accepted.status_code == 302
    with cooperative_context(coop.pk):
        member = Member.objects.select_related("user").get(pk=people[1].pk)
        assert member.user.email == "euis@example.org"
        assert RoleAssignment.objects.filter(user=member.user, role=Role.MEMBER, is_active=True).exists()


def test_members_and_outsiders_do_not_see_the_register(client, coop, other_coop):
    member_user = user_with_role(coop, Role.MEMBER, username="anggota")
    client.force_login(member_user)
    assert client.get(url("list", coop)).status_code == 403
    outsider = user_with_role(other_coop, Role.MANAGER, username="luar")
    client.force_login(outsider)
    assert client.get(url("list", coop)).status_code == 404


def test_assessor_reads_but_cannot_write(client, coop, people):
    assessor = user_with_role(coop, Role.ASSESSOR, username="penilai")
    client.force_login(assessor)
    listed = client.get(url("list", coop)).content.decode()
    assert all(person.name in listed for person in people)
    assert url("create", coop) not in listed and url("import", coop) not in listed  # no write buttons
    detail = client.get(url("detail", coop, pk=people[0].pk)).content.decode()
    assert people[0].name in detail and people[0].nik in detail
    assert url("edit", coop, pk=people[0].pk) not in detail
    assert client.post(url("create", coop), {}).status_code == 403


def make_csv(rows: list[str]) -> SimpleUploadedFile:
    header = "nik,nama,jenis_kelamin,tanggal_lahir,pekerjaan,tanggal_masuk"
    return SimpleUploadedFile("anggota.csv", ("\n".join([header, *rows]) + "\n").encode(), content_type="text/csv")


def test_import_page_success(client, coop, staff):
    client.force_login(staff)
    rows = [
        f"{make_nik('321805', datetime.date(1972, 3, 14), 'L', 1)},Asep,L,1972-03-14,petani,2019-01-15",
        f"{make_nik('321805', datetime.date(1979, 6, 21), 'P', 2)},Euis,P,21/06/1979,pengrajin,2019-01-15",
    ]
    response = client.post(url("import", coop), {"file": make_csv(rows)}, follow=True)
    assert response.redirect_chain == [(url("list", coop), 302)]
    html = response.content.decode()
    assert "2 members imported." in html and "Asep" in html and "Euis" in html
    with cooperative_context(coop.pk):
        assert Member.objects.count() == 2


def test_import_page_errors_show_a_table_and_a_downloadable_report(client, coop, staff):
    client.force_login(staff)
    rows = [
        f"{make_nik('321805', datetime.date(1972, 3, 14), 'L', 1)},Asep,L,1972-03-14,petani,2019-01-15",
        "1234,Euis,P,21/06/1979,pengrajin,2019-01-15",
    ]
    response = client.post(url("import", coop), {"file": make_csv(rows)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html and url("import-report", coop) in html
    with cooperative_context(coop.pk):
        assert Member.objects.count() == 0
    report = client.get(url("import-report", coop))
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    lines = report.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "baris,kolom,nilai,pesan"
    assert lines[1].startswith("3,nik,1234,")


def test_import_report_is_404_without_a_failed_import(client, coop, staff):
    client.force_login(staff)
    assert client.get(url("import-report", coop)).status_code == 404
    assert client.get(url("import-template", coop)).content.decode("utf-8-sig").startswith("no_anggota,nik,nama")


def test_import_refuses_other_file_types(client, coop, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("anggota.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(url("import", coop), {"file": upload})
    assert response.status_code == 400
    assert page_errors(response) == {"file": ["Upload a .csv or .xlsx file."]}


def test_loan_simulation_page(client, coop, staff):
    client.force_login(staff)
    empty = client.get(url("loan-simulation", coop))
    assert empty.status_code == 200
    assert 'name="amount"' in empty.content.decode() and 'data-testid="simulation-result"' not in empty.content.decode()
    params = {
        "amount": "10000000",
        "term_periods": "12",
        "rate_percent": "1",
        "rate_period": "month",
        "method": "flat",
        "grace_periods": "0",
        "rounding": "whole",
        "monthly_income": "3500000",
        "max_ratio_percent": "30",
    }
    response = client.get(url("loan-simulation", coop), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rp 933.337,00" in html and "Rp 1.200.000,00" in html
    assert 'data-testid="affordability"' in html
    seasonal = client.get(url("loan-simulation", coop), {**params, "principal_months": ["4", "5"]})
    assert seasonal.status_code == 400
    assert page_errors(seasonal) == {"first_due_date": ["A seasonal schedule needs the first due date."]}
    no_term = client.get(url("loan-simulation", coop), {**params, "term_periods": "0"})
    assert no_term.status_code == 400
    assert page_errors(no_term) == {"term_periods": ["Ensure this value is greater than or equal to 1."]}


def test_item_9_the_member_list_filters_have_visible_labels(client, coop, staff):
    client.force_login(staff)
    html = client.get(url("list", coop)).content.decode()
    form = html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]
    for field in ("q", "status", "occupation"):
        assert f'<label for="id_{field}">' in form
    assert "sr-only" not in form
