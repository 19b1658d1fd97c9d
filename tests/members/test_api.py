"""Members API: CRUD with field errors, admission and exit, and the stateless loan simulation."""

import pytest

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role
from members.models import Member
from tests.factories.members import MemberFactory
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db

BUDI = {
    "nik": "3204101708750001",
    "name": "Budi Santoso",
    "sex": "L",
    "birth_date": "1975-08-17",
    "occupation": "petani",
    "join_date": "2024-01-02",
}


INVALID = {"detail": "Invalid input.", "code": "invalid"}


def base(coop):
    return f"/api/v1/k/{coop.slug}/members/"


def test_create_list_retrieve_update(client, coop, staff):
    client.force_login(staff)
    created = client.post(base(coop), BUDI, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["member_no"], body["status"], body["nik"]) == (1, "calon", BUDI["nik"])
    listed = client.get(base(coop), {"search": "budi"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert client.get(base(coop), {"status": "anggota"}).json()["count"] == 0
    detail = client.get(f"{base(coop)}{body['id']}/").json()
    assert detail["name"] == "Budi Santoso"
    patched = client.patch(f"{base(coop)}{body['id']}/", {"phone": "0812"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["phone"] == "0812"
    put = client.put(f"{base(coop)}{body['id']}/", {**BUDI, "name": "Budi S."}, content_type="application/json")
    assert put.status_code == 200 and put.json()["name"] == "Budi S."


def test_members_cannot_be_deleted(client, coop, manager):
    with cooperative_context(coop.pk):
        member = MemberFactory()
    client.force_login(manager)
    assert client.delete(f"{base(coop)}{member.pk}/").status_code == 405


def test_field_errors(client, coop, staff):
    client.force_login(staff)
    response = client.post(base(coop), {**BUDI, "nik": "99041017087500"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {**INVALID, "errors": {"nik": ["The NIK must be exactly 16 digits."]}}
    response = client.post(
        base(coop), {**BUDI, "sex": "P", "birth_date": "1975-08-18"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "birth_date": ["The birth date does not match the NIK, which encodes 17-08-75."],
        "sex": ["The sex does not match the NIK (for women 40 is added to the day of birth)."],
    }
    client.post(base(coop), BUDI, content_type="application/json")
    duplicate = client.post(base(coop), BUDI, content_type="application/json")
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"] == {"nik": ["A member with this NIK is already registered in this cooperative."]}
    with cooperative_context(coop.pk):
        assert Member.objects.count() == 1


def test_read_only_fields_are_ignored(client, coop, staff):
    client.force_login(staff)
    body = client.post(
        base(coop), {**BUDI, "status": "anggota", "member_no": 77}, content_type="application/json"
    ).json()
    assert (body["status"], body["member_no"]) == ("calon", 1)


def test_manager_admits_and_records_exit_staff_cannot(client, coop, manager, staff):
    with cooperative_context(coop.pk):
        member = MemberFactory()
    client.force_login(staff)
    assert client.post(f"{base(coop)}{member.pk}/admit/", {}, content_type="application/json").status_code == 403
    client.force_login(manager)
    admitted = client.post(
        f"{base(coop)}{member.pk}/admit/", {"admitted_on": "2024-03-01"}, content_type="application/json"
    )
    assert admitted.status_code == 200 and admitted.json()["status"] == "anggota"
    again = client.post(f"{base(coop)}{member.pk}/admit/", {}, content_type="application/json")
    assert again.status_code == 400
    assert again.json() == {
        "detail": "Invalid input.",
        "code": "member_not_candidate",
        "errors": {"status": ["Only a prospective member can be admitted."]},
    }
    exited = client.post(
        f"{base(coop)}{member.pk}/exit/",
        {"exit_date": "2025-01-31", "exit_reason": "Pindah"},
        content_type="application/json",
    )
    assert exited.status_code == 200 and exited.json()["exit_date"] == "2025-01-31"


def test_other_cooperatives_members_are_invisible(client, coop, other_coop, manager):
    with cooperative_context(other_coop.pk):
        theirs = MemberFactory()
    client.force_login(manager)
    assert client.get(f"{base(coop)}{theirs.pk}/").status_code == 404
    assert client.get(base(other_coop)).status_code == 404
    assert client.get(base(coop)).json()["count"] == 0


def test_member_role_cannot_read_the_register(client, coop):
    client.force_login(user_with_role(coop, Role.MEMBER, username="anggota"))
    assert client.get(base(coop)).status_code == 403


SIMULATION = {
    "amount": "10000000",
    "term_periods": 12,
    "rate": "0.01",
    "rate_period": "month",
    "method": "flat",
    "monthly_income": "3500000",
    "max_instalment_ratio": "0.3",
}


def simulate(client, coop, payload):
    return client.post(f"/api/v1/k/{coop.slug}/loan-simulations/schedule/", payload, content_type="application/json")


def test_loan_simulation_for_a_member(client, coop):
    client.force_login(user_with_role(coop, Role.MEMBER, username="anggota"))
    response = simulate(client, coop, SIMULATION)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert len(body["instalments"]) == 12
    assert body["instalments"][0] == {
        "number": 1,
        "due_date": None,
        "principal": "833333.00",
        "interest": "100000.00",
        "total": "933333.00",
        "balance": "9166667.00",
    }
    assert (body["total_principal"], body["total_interest"]) == ("10000000.00", "1200000.00")
    assert (body["largest_payment"], body["instalment_ratio"], body["passes"]) == ("933337.00", "0.2667", True)


def test_loan_simulation_seasonal_annuity_in_cents(client, coop, staff):
    client.force_login(staff)
    payload = {
        **SIMULATION,
        "method": "annuity",
        "rounding": "cents",
        "principal_months": [4, 5, 6, 7, 8, 9, 10],
        "first_due_date": "2026-04-25",
        "rate": "0.18",
        "rate_period": "year",
    }
    body = simulate(client, coop, payload).json()
    assert body["instalments"][0]["due_date"] == "2026-04-25"
    assert body["total_principal"] == "10000000.00"
    assert body["instalments"][7]["principal"] == "0.00"  # November: interest only


def test_loan_simulation_field_errors(client, coop, staff):
    client.force_login(staff)
    refusals = [
        ({"grace_periods": 12}, {"grace_periods": ["The grace period must be shorter than the term."]}),
        ({"principal_months": [4]}, {"first_due_date": ["A seasonal schedule needs the first due date."]}),
        ({"rate": "1.5"}, {"rate": ["Give the rate as a fraction: 0.015 for 1.5 %."]}),
        (
            {"method": "balloon", "amount": "0"},
            {
                "amount": ["Ensure this value is greater than or equal to 1."],
                "method": ['"balloon" is not a valid choice.'],
            },
        ),
    ]
    for change, errors in refusals:
        response = simulate(client, coop, {**SIMULATION, **change})
        assert response.status_code == 400
        assert response.json() == {**INVALID, "errors": errors}


def test_loan_simulation_needs_a_role(client, coop, other_coop):
    client.force_login(user_with_role(other_coop, Role.MANAGER, username="luar"))
    assert simulate(client, coop, SIMULATION).status_code == 404
