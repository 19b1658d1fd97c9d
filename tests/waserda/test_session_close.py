"""Closing a cash session (issue 17 items 5 and 7): a blind count, a difference confirmed before it is
posted, and a Z-report that prints with its title, the cooperative, the note and signature lines."""

from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from tests.factories.tenancy import user_with_role
from waserda.models import CashSession
from waserda.services import sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def cashier(coop):
    return user_with_role(coop, "staff", username="kasir-sore")


@pytest.fixture
def session(coop, cashier):
    with cooperative_context(coop.pk):
        return sessions.open_session(cashier=cashier, opening_float=Decimal("150000"))


def close_url(coop, session):
    return reverse("waserda:session-close", kwargs={"slug": coop.slug, "pk": session.pk})


def state(coop, session):
    with cooperative_context(coop.pk):
        postings = JournalEntry.objects.filter(source_type="waserda.CashSession").count()
        return CashSession.objects.get(pk=session.pk), postings


def test_item_7_the_cash_count_is_blind(client, coop, cashier, session):
    client.force_login(cashier)
    html = client.get(close_url(coop, session)).content.decode()
    assert 'name="counted_cash"' in html
    assert "expected-cash" not in html and "150.000" not in html


def test_item_5_a_difference_is_shown_and_posted_only_when_confirmed(client, coop, cashier, session):
    client.force_login(cashier)
    asked = client.post(close_url(coop, session), {"counted_cash": "145.000", "note": "Uang receh kurang"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert 'data-testid="difference">-Rp 5.000,00' in html and 'data-testid="confirm-question"' in html
    closed, entries = state(coop, session)
    assert closed.is_open and entries == 0

    done = client.post(
        close_url(coop, session), {"counted_cash": "145000.00", "note": "Uang receh kurang", "confirmed": "1"}
    )
    assert done.status_code == 302
    closed, entries = state(coop, session)
    assert not closed.is_open and closed.difference == Decimal("-5000.00") and entries == 1


def test_an_exact_count_closes_at_once(client, coop, cashier, session):
    client.force_login(cashier)
    assert client.post(close_url(coop, session), {"counted_cash": "150.000"}).status_code == 302
    closed, entries = state(coop, session)
    assert not closed.is_open and entries == 0


def test_item_7_the_z_report_carries_title_cooperative_note_and_signatures(client, coop, cashier, session):
    client.force_login(cashier)
    client.post(close_url(coop, session), {"counted_cash": "150000", "note": "Laci dihitung bersama ketua"})
    html = client.get(reverse("waserda:session", kwargs={"slug": coop.slug, "pk": session.pk})).content.decode()
    assert f"Z-report {session} · {coop.name}</h1>" in html
    assert "Laci dihitung bersama ketua" in html
    assert 'data-testid="signatures"' in html and cashier.display_name in html
