"""The ledger API: chart, manual entries (idempotent by key), reversal, periods and statements."""

import pytest

from koperasi.ledger.models import JournalEntry
from koperasi.ledger.selectors import account_for
from koperasi.tenancy.context import cooperative_context
from tests.factories.ledger import post_simple

pytestmark = pytest.mark.django_db


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/ledger/{path}"


def test_staff_lists_the_chart_of_accounts(client, coop, staff):
    client.force_login(staff)
    body = client.get(api(coop, "accounts/"), {"type": "equity"}).json()
    assert {row["system_key"] for row in body["results"]} >= {"principal_savings", "mandatory_savings", "current_shu"}


def test_manager_posts_a_manual_entry_once_per_key_and_reverses_it(client, coop, manager):
    with cooperative_context(coop.pk):
        cash, bank = account_for("cash").pk, account_for("bank").pk
    client.force_login(manager)
    payload = {
        "date": "2026-04-01",
        "memo": "Setor kas ke bank",
        "key": "k-1",
        "lines": [{"account": bank, "debit": "750000.00"}, {"account": cash, "credit": "750000.00"}],
    }
    first = client.post(api(coop, "entries/"), payload, content_type="application/json")
    assert first.status_code == 201, first.json()
    again = client.post(api(coop, "entries/"), payload, content_type="application/json")
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["display_number"] == "JU-2026/00001"
    response = client.post(
        api(coop, f"entries/{first.json()['id']}/reverse/"),
        {"date": "2026-04-02", "reason": "salah"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["reversal_of"] == first.json()["id"]


def test_an_unbalanced_entry_gets_the_error_code(client, coop, manager):
    with cooperative_context(coop.pk):
        cash, bank = account_for("cash").pk, account_for("bank").pk
    client.force_login(manager)
    lines = [{"account": bank, "debit": "10"}, {"account": cash, "credit": "9"}]
    payload = {"date": "2026-04-01", "key": "unbalanced-1", "lines": lines}
    response = client.post(api(coop, "entries/"), payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["code"] == ["ledger_unbalanced"]


def test_staff_cannot_post_or_close_periods(client, coop, staff):
    client.force_login(staff)
    assert (
        client.post(
            api(coop, "periods/close/"), {"year": 2026, "month": 1}, content_type="application/json"
        ).status_code
        == 403
    )


def test_manager_closes_a_period_and_posting_into_it_is_refused(client, coop, manager):
    client.force_login(manager)
    assert (
        client.post(api(coop, "periods/close/"), {"year": 2026, "month": 1}, content_type="application/json").json()[
            "status"
        ]
        == "closed"
    )
    assert (
        client.post(
            api(coop, "periods/reopen/"), {"year": 2026, "month": 1}, content_type="application/json"
        ).status_code
        == 400
    )  # a reason is required


def test_statements_as_json(client, coop, staff):
    with cooperative_context(coop.pk):
        post_simple("1000.00", debit="cash", credit="sales_waserda")
        cash = account_for("cash").pk
    client.force_login(staff)
    body = client.get(api(coop, "statements/income-statement/"), {"from": "2026-01", "to": "2026-01"}).json()
    assert body["totals"]["shu"] == "1000.00"
    body = client.get(api(coop, "statements/balance-sheet/"), {"to": "2026-01"}).json()
    assert body["checks"]["balanced"] is True
    assert client.get(api(coop, "statements/trial-balance/"), {"to": "2026-01"}).json()["checks"]["balanced"]
    ledger = client.get(api(coop, "statements/general-ledger/"), {"account": cash, "from": "2026-01", "to": "2026-01"})
    assert ledger.json()["totals"]["closing"] == "1000.00"
    assert client.get(api(coop, "statements/trial-balance/"), {"to": "bad"}).status_code == 400


def test_another_cooperatives_entry_is_not_found(client, coop, other_coop, manager):
    with cooperative_context(other_coop.pk):
        foreign = post_simple()
    client.force_login(manager)
    assert client.get(api(coop, f"entries/{foreign.pk}/")).status_code == 404
    with cooperative_context(other_coop.pk):
        assert JournalEntry.objects.count() == 1
