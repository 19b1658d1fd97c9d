"""Every audit action the product records has words for a person (koperasi.accounts.audit_actions); the
trail pages and the API show them, in Bahasa Indonesia by default."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from koperasi.accounts.audit_actions import ACTION_LABELS, action_label, change_rows, field_label
from members.credit_lines.models import CreditLineMovementKind
from members.loans.models import LoanStatus
from processing.models import Customer, Plant, Product, ProductionLine, Worker

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["koperasi", "members", "waserda", "procurement", "processing", "performance"]
# The calls that record an event (the code first) and the keyword arguments through which a service
# hands its code to the one that records it.
RECORDERS = {"record_event", "_audit"}
CODE_KEYWORDS = {("save_product", "action"), ("move_and_post", "audit_action")}


def _literals(expression: ast.expr) -> set[str]:
    """The codes an argument can be: a literal, or either literal of a conditional (an f-string or a
    variable is checked by the next test, through the kinds and statuses it is made from)."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.IfExp):
        return _literals(expression.body) | _literals(expression.orelse)
    return set()


def _recorded_codes() -> set[str]:
    """Every action code written as a literal in the product's source."""
    codes = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in RECORDERS and node.args:
                    codes |= _literals(node.args[0])
                for keyword in node.keywords:
                    if (name, keyword.arg) in CODE_KEYWORDS:
                        codes |= _literals(keyword.value)
    return codes


def test_every_literal_action_code_in_the_source_has_words():
    codes = _recorded_codes()
    assert {"login", "waserda.sale", "procurement.supplier_registered", "savings.deposit"} <= codes
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_the_codes_made_from_a_kind_or_a_status_have_words_too():
    """``credit_line.{kind}``, ``loan.{status}`` (a decision) and ``processing.{model}_{created|changed}``."""
    made = {f"credit_line.{kind}" for kind in CreditLineMovementKind.values}
    made |= {f"loan.{status}" for status in (LoanStatus.APPROVED, LoanStatus.REJECTED)}
    models = (Plant, ProductionLine, Worker, Product, Customer)
    made |= {f"processing.{model._meta.model_name}_{how}" for model in models for how in ("created", "changed")}
    assert sorted(made - set(ACTION_LABELS)) == []


def test_labels_are_bahasa_by_default_and_an_unknown_code_shows_as_itself():
    with translation.override("id"):
        assert action_label("loan.repaid") == "Angsuran pinjaman"
        assert action_label("savings.deposit") == "Setoran simpanan"
    with translation.override("en"):
        assert action_label("loan.repaid") == "Loan repayment"
    assert action_label("legacy.something") == "legacy.something"


@pytest.mark.indonesian
@pytest.mark.django_db
def test_the_trail_page_and_the_api_show_the_words(client, coop, manager, in_coop):
    from tests.factories.members import funded_account

    funded_account("250000")
    client.force_login(manager)
    page = client.get(f"/k/{coop.slug}/audit/").content.decode()
    assert 'title="savings.deposit">Setoran simpanan<' in page
    assert '<option value="savings.deposit">Setoran simpanan</option>' in page
    rows = client.get(f"/api/v1/k/{coop.slug}/audit-events/", {"action": "savings.deposit"}).json()["results"]
    assert rows and rows[0]["action_label"] == "Setoran simpanan"


def test_a_change_summary_reads_in_words_and_indonesian_figures():
    from members.models import Member

    with translation.override("id"):
        rows = change_rows(
            {"amount": "250000.00", "date": "2026-01-10", "phone": "0812", "is_active": False, "odd_key": None},
            Member,
        )
    assert rows == [
        ("Jumlah", "250.000,00"),
        ("Tanggal", "10 Jan 2026"),
        ("Telepon", "0812"),  # the member's own field names it
        ("Aktif", "tidak"),
        ("odd_key", "—"),
    ]
    assert field_label("phone", Member) == "Phone" and field_label("odd_key") == "odd_key"


@pytest.mark.indonesian
@pytest.mark.django_db
def test_a_documents_trail_shows_its_changes_in_words(client, coop, manager, in_coop):
    from tests.factories.members import funded_account

    account = funded_account("250000")
    client.force_login(manager)
    page = client.get(f"/k/{coop.slug}/audit/members.SavingsAccount/{account.pk}/").content.decode()
    assert "Jumlah: 250.000,00" in page and "Saldo setelahnya: 250.000,00" in page
    assert "amount:" not in page and "balance_after" not in page
