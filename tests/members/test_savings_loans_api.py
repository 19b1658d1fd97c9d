"""API of savings and loans: products, accounts with deposit / withdraw (error codes in the project's
error shape), idempotency keys, loans through their lifecycle with maker-checker, repayments."""

import uuid
from decimal import Decimal

import pytest

from koperasi.tenancy.context import cooperative_context
from members.savings.models import SavingsProduct
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
D = Decimal


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/{path}"


def test_savings_products_are_listed_for_staff_and_edited_by_managers(client, coop, manager, staff):
    client.force_login(staff)
    listed = client.get(api(coop, "savings-products/"), {"kind": "wajib"}).json()
    assert [row["code"] for row in listed["results"]] == ["wajib"]
    body = {"code": "idul-fitri", "name": "Simpanan Idul Fitri", "kind": "sukarela", "interest_rate": "0.04"}
    assert client.post(api(coop, "savings-products/"), body, content_type="application/json").status_code == 403
    client.force_login(manager)
    created = client.post(api(coop, "savings-products/"), body, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind"] == "sukarela"
    duplicate = client.post(api(coop, "savings-products/"), body, content_type="application/json")
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {"code": ["Another product has this code."]},
    }


def test_accounts_deposit_withdraw_with_codes_and_keys(client, coop, staff):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        sukarela = SavingsProduct.objects.get(kind="sukarela")
    client.force_login(staff)
    opened = client.post(
        api(coop, "savings-accounts/"), {"member": member.pk, "product": sukarela.pk}, content_type="application/json"
    )
    assert opened.status_code == 201, opened.json()
    account = opened.json()["id"]
    key = str(uuid.uuid4())
    deposit = {"amount": "150000", "date": "2026-02-01", "idempotency_key": key}
    first = client.post(api(coop, f"savings-accounts/{account}/deposit/"), deposit, content_type="application/json")
    second = client.post(api(coop, f"savings-accounts/{account}/deposit/"), deposit, content_type="application/json")
    assert first.status_code == 201 and first.json()["id"] == second.json()["id"]
    assert first.json()["balance_after"] == "150000.00" and first.json()["journal_entry_number"].startswith("JU-")
    refused = client.post(
        api(coop, f"savings-accounts/{account}/withdraw/"),
        {"amount": "200000", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Invalid input.",
        "code": "insufficient_savings",
        "errors": {"amount": ["The balance (150000.00) is not enough."]},
    }
    ok = client.post(
        api(coop, f"savings-accounts/{account}/withdraw/"),
        {"amount": "50000", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "withdrawal"
    detail = client.get(api(coop, f"savings-accounts/{account}/")).json()
    assert detail["balance"] == "100000.00"
    history = client.get(api(coop, "savings-transactions/"), {"account": account}).json()
    assert [row["kind"] for row in history["results"]] == ["withdrawal", "deposit"]


def test_wajib_withdrawal_is_refused_with_its_code(client, coop, staff):
    with cooperative_context(coop.pk):
        account = funded_account("20000", kind="wajib")
    client.force_login(staff)
    response = client.post(
        api(coop, f"savings-accounts/{account.pk}/withdraw/"),
        {"amount": "1000", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "savings_withdrawal_not_allowed"


def test_a_term_deposit_through_the_api(client, coop, staff):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        berjangka = SavingsProduct.objects.get(kind="berjangka")
    client.force_login(staff)
    body = {
        "member": member.pk,
        "product": berjangka.pk,
        "amount": "2000000",
        "term_months": 6,
        "opened_on": "2026-01-05",
    }
    response = client.post(api(coop, "savings-accounts/"), body, content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["maturity_date"], response.json()["balance"]) == ("2026-07-05", "2000000.00")
    closed = client.post(
        api(coop, f"savings-accounts/{response.json()['id']}/close/"),
        {"date": "2026-03-01"},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_loan_lifecycle_through_the_api(client, coop, manager, staff):
    checker = user_with_role(coop, "manager", username="ketua")
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
    client.force_login(manager)
    products = client.get(api(coop, "loan-products/")).json()["results"]
    umum = next(row for row in products if row["code"] == "umum")
    applied = client.post(
        api(coop, "loans/"),
        {
            "member": member.pk,
            "product": umum["id"],
            "amount": "1200000",
            "term_periods": 12,
            "applied_on": "2026-01-10",
        },
        content_type="application/json",
    )
    assert applied.status_code == 201, applied.json()
    loan = applied.json()["id"]
    own = client.post(api(coop, f"loans/{loan}/approve/"), {"date": "2026-01-10"}, content_type="application/json")
    assert own.status_code == 400 and own.json()["code"] == "loan_maker_checker"
    client.force_login(staff)
    assert client.post(api(coop, f"loans/{loan}/approve/"), {}, content_type="application/json").status_code == 403
    client.force_login(checker)
    approved = client.post(api(coop, f"loans/{loan}/approve/"), {"date": "2026-01-10"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    client.force_login(staff)
    disbursed = client.post(
        api(coop, f"loans/{loan}/disburse/"), {"date": "2026-01-10"}, content_type="application/json"
    )
    body = disbursed.json()
    assert disbursed.status_code == 200 and body["status"] == "disbursed" and len(body["installments"]) == 12
    assert body["installments"][0] == {
        "number": 1,
        "due_date": "2026-02-10",
        "principal": "100000.00",
        "interest": "18000.00",
        "principal_paid": "0.00",
        "interest_paid": "0.00",
        "interest_waived": "0.00",
        "penalty_paid": "0.00",
        "paid_on": None,
    }
    assert body["position"]["days_past_due"] > 0
    repaid = client.post(
        api(coop, f"loans/{loan}/repay/"),
        {"amount": "118000", "date": "2026-02-10", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert repaid.status_code == 201 and (repaid.json()["interest"], repaid.json()["principal"]) == (
        "18000.00",
        "100000.00",
    )
    over = client.post(
        api(coop, f"loans/{loan}/repay/"),
        {"amount": "99999999", "date": "2026-02-11", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert over.status_code == 400 and over.json()["code"] == "loan_overpayment"
    assert (
        client.post(api(coop, f"loans/{loan}/write-off/"), {"reason": "x"}, content_type="application/json").status_code
        == 403
    )
    payoff = client.post(
        api(coop, f"loans/{loan}/payoff/"),
        {"date": "2026-02-11", "idempotency_key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert payoff.status_code == 201 and payoff.json()["principal"] == "1100000.00"
    assert client.get(api(coop, f"loans/{loan}/")).json()["status"] == "paid_off"
    repayments = client.get(api(coop, "loan-repayments/"), {"loan": loan}).json()
    assert repayments["count"] == 2
    assert client.get(api(coop, "loans/"), {"status": "paid_off"}).json()["count"] == 1


def test_member_exit_through_the_api_settles_savings(client, coop, manager):
    with cooperative_context(coop.pk):
        account = funded_account("80000", kind="pokok")
    client.force_login(manager)
    response = client.post(
        api(coop, f"members/{account.member_id}/exit/"),
        {"exit_date": "2026-03-01", "exit_reason": "Pindah", "offset_loans": True},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "keluar"
    assert client.get(api(coop, f"savings-accounts/{account.pk}/")).json() == {
        **client.get(api(coop, f"savings-accounts/{account.pk}/")).json(),
        "status": "closed",
        "balance": "0.00",
    }
