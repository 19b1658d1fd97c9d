"""POS sales through the service: prices, payments, journals, idempotency, offline rules, returns."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from koperasi.ledger.models import JournalEntry, JournalLine
from members.savings.models import TransactionKind
from tests.factories.members import ActiveMemberFactory, MemberFactory, funded_account
from tests.factories.waserda import CashSessionFactory, MemberCardFactory, make_sale, stocked_product
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger, ledger_balance, lines_balance
from waserda import selectors
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import PaymentMethod, RejectedSale, Sale
from waserda.services import sales, sessions
from waserda.services.sales import LineInput, ReturnLineInput, SaleInput

pytestmark = pytest.mark.django_db
D = Decimal


def sell(session, lines, method="cash", **kwargs):
    data = SaleInput(
        lines=[LineInput(product.pk, D(quantity)) for product, quantity in lines],
        payment_method=method,
        session_id=session.pk,
        **kwargs,
    )
    return sales.record_sale(cashier=session.cashier, data=data)[0]


def test_cash_sale_posts_sale_and_cost_and_gives_change(in_coop):
    beras = stocked_product("50", "12000", sell_price=D("14000"), member_price=D("13500"))
    gula = stocked_product("20", "15000", sell_price=D("17000"), member_price=None)
    session = CashSessionFactory()
    sale = sell(session, [(beras, "2"), (gula, "1")], tendered=D("50000"))
    assert (sale.total, sale.change, sale.cost_total) == (D("45000.00"), D("5000.00"), D("39000.00"))
    entries = {e.purpose: e for e in JournalEntry.objects.filter(source_type="waserda.Sale", source_id=str(sale.pk))}
    assert set(entries) == {"pos.sale"}  # the sale and its cost, one entry
    sale_lines = {(line.account.system_key, line.debit, line.credit) for line in entries["pos.sale"].lines.all()}
    assert sale_lines == {
        ("cash", D("45000.00"), D("0")),
        ("sales_waserda", D("0"), D("45000.00")),
        ("cogs", D("39000.00"), D("0")),
        ("merchandise_inventory", D("0"), D("39000.00")),
    }
    sale_units = entries["pos.sale"].lines.exclude(business_unit=None)
    unit_codes = set(sale_units.values_list("account__system_key", "business_unit__code"))
    assert unit_codes == {("sales_waserda", "WSD"), ("cogs", "WSD")}
    assert ledger_balance("cogs") == D("39000.00")
    assert_stock_ties_to_ledger()


def test_tendered_too_little_is_refused_online(in_coop):
    product = stocked_product()
    with pytest.raises(WaserdaError) as error:
        sell(CashSessionFactory(), [(product, "1")], tendered=D("5000"))
    assert error.value.error_code == WaserdaErrorCode.TENDERED_TOO_LITTLE
    assert Sale.objects.count() == 0


def test_member_price_for_active_members_only(in_coop):
    product = stocked_product(sell_price=D("10000"), member_price=D("9000"))
    session = CashSessionFactory()
    member_sale = sell(session, [(product, "2")], member_id=ActiveMemberFactory().pk)
    assert member_sale.total == D("18000.00") and member_sale.lines.get().member_price_applied
    candidate_sale = sell(session, [(product, "2")], member_id=MemberFactory().pk)
    assert candidate_sale.total == D("20000.00")


def test_transfer_and_qris_need_a_reference_and_debit_bank(in_coop):
    product = stocked_product()
    session = CashSessionFactory()
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "1")], method="qris")
    assert error.value.error_code == WaserdaErrorCode.REFERENCE_REQUIRED
    sell(session, [(product, "1")], method="qris", payment_reference="QR-778812")
    assert ledger_balance("bank") == D("10000.00")


def test_member_credit_within_limit_then_refused_then_paid_back(in_coop):
    card = MemberCardFactory(credit_limit=D("25000"))
    member = card.member
    product = stocked_product(sell_price=D("10000"), member_price=D("10000"))
    session = CashSessionFactory()
    sell(session, [(product, "2")], method="credit", member_id=member.pk)
    assert selectors.member_credit_outstanding(member) == D("20000.00")
    assert lines_balance("accounts_receivable", party_type="members.Member", party_id=member.pk) == D("20000.00")
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "1")], method="credit", member_id=member.pk)
    assert error.value.error_code == WaserdaErrorCode.CREDIT_LIMIT_EXCEEDED
    sales.receive_credit_payment(actor=session.cashier, member=member, amount=D("15000"))
    assert selectors.member_credit_outstanding(member) == D("5000.00")
    sell(session, [(product, "1")], method="credit", member_id=member.pk)
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "1")], method="credit")
    assert error.value.error_code == WaserdaErrorCode.MEMBER_REQUIRED


def test_offline_credit_over_the_limit_is_recorded_and_flagged(in_coop):
    card = MemberCardFactory(credit_limit=D("0"))
    product = stocked_product()
    sale = sell(CashSessionFactory(), [(product, "1")], method="credit", member_id=card.member.pk, offline=True)
    assert sale.needs_reconciliation and gettext("Credit limit exceeded.") in sale.reconciliation_note


def test_savings_payment_debits_simpanan_sukarela_with_the_member(in_coop):
    member = ActiveMemberFactory()
    account = funded_account("30000", member=member, day=timezone.localdate())
    product = stocked_product(sell_price=D("10000"), member_price=D("9000"))
    session = CashSessionFactory()
    sale = sell(session, [(product, "3")], method="savings", member_id=member.pk)
    account.refresh_from_db()
    assert account.balance == D("3000.00")
    purchase = account.transactions.get(kind=TransactionKind.PURCHASE)
    assert (purchase.amount, purchase.purpose, purchase.source_id) == (D("27000.00"), "pos.sale", str(sale.pk))
    # The deposit's credit of 30 000 less the sale's debit: one entry per event, none from the charge.
    assert lines_balance("voluntary_savings", party_type="members.Member", party_id=member.pk) == D("-3000.00")
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "1")], method="savings", member_id=member.pk)
    assert error.value.error_code == WaserdaErrorCode.INSUFFICIENT_SAVINGS
    offline = sell(session, [(product, "1")], method="savings", member_id=member.pk, offline=True)
    assert offline.payment_method == PaymentMethod.CREDIT and offline.needs_reconciliation
    assert gettext("Voluntary savings were short; recorded as member credit.") in offline.reconciliation_note
    sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(sale.lines.get().pk, D("1"))])
    account.refresh_from_db()
    assert account.balance == D("12000.00")
    refund = account.transactions.get(kind=TransactionKind.REFUND)
    assert (refund.amount, refund.purpose) == (D("9000.00"), "pos.return")
    assert lines_balance("voluntary_savings", party_type="members.Member", party_id=member.pk) == D("-12000.00")
    assert_ledger_balances()


def test_the_same_client_uuid_records_one_sale(in_coop):
    product = stocked_product("10")
    session = CashSessionFactory()
    key = uuid.uuid4()
    data = SaleInput(
        lines=[LineInput(product.pk, D("2"))], payment_method="cash", session_id=session.pk, client_uuid=key
    )
    first, created = sales.record_sale(cashier=session.cashier, data=data)
    again, created_again = sales.record_sale(cashier=session.cashier, data=data)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    product.refresh_from_db()
    assert product.qty_on_hand == D("8")
    assert JournalEntry.objects.filter(source_type="waserda.Sale").count() == 1  # pos.sale: the sale and its cost


def test_sync_batch_replayed_three_times_gives_the_same_results(in_coop):
    product = stocked_product("3")
    scarce = stocked_product("1")
    session = CashSessionFactory()
    sold_at = timezone.now() - datetime.timedelta(hours=3)

    def batch():
        return [
            SaleInput(
                lines=[LineInput(product.pk, D("2"), D("9000"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=uuid.UUID(int=1),
                sold_at=sold_at,
                offline=True,
            ),
            SaleInput(
                lines=[LineInput(product.pk, D("4"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=uuid.UUID(int=2),
                sold_at=sold_at,
                offline=True,
            ),
            SaleInput(
                lines=[LineInput(scarce.pk, D("5"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=uuid.UUID(int=3),
                offline=False,
            ),
        ]

    results = [[r.as_dict() for r in sales.sync_sales(cashier=session.cashier, sales=batch())] for _n in range(3)]
    assert results[0] == results[1] == results[2]
    first = results[0]
    assert [r["status"] for r in first] == ["recorded", "recorded", "rejected"]
    assert first[1]["needs_reconciliation"] and first[2]["code"] == WaserdaErrorCode.INSUFFICIENT_STOCK
    assert Sale.objects.count() == 2 and RejectedSale.objects.count() == 1
    offline_sale = Sale.objects.get(client_uuid=uuid.UUID(int=1))
    assert offline_sale.sold_at == sold_at and offline_sale.offline and offline_sale.total == D("18000.00")
    product.refresh_from_db()
    assert product.qty_on_hand == D("-3")  # the goods are gone: recorded, flagged, never dropped
    # the first was sold below the catalogue price, the second took stock below zero: both to check
    flagged = [Sale.objects.get(client_uuid=uuid.UUID(int=n)) for n in (1, 2)]
    assert sorted(selectors.reconciliation_list(), key=lambda sale: sale.pk) == flagged
    assert_stock_ties_to_ledger()


def test_offline_sale_after_its_session_closed_is_flagged(in_coop):
    product = stocked_product()
    session = CashSessionFactory()
    sessions.close_session(actor=session.cashier, session=session, counted_cash=D("100000"))
    (result,) = sales.sync_sales(
        cashier=session.cashier,
        sales=[
            SaleInput(lines=[LineInput(product.pk, D("1"))], payment_method="cash", session_id=session.pk, offline=True)
        ],
    )
    sale = Sale.objects.get(pk=result.sale_id)
    assert sale.session_id == session.pk and sale.needs_reconciliation
    sales.mark_reconciled(actor=session.cashier, sale=sale, note="uang disetor terpisah")
    assert not Sale.objects.get(pk=sale.pk).needs_reconciliation


def test_online_sale_needs_an_open_session(in_coop):
    product = stocked_product()
    session = CashSessionFactory()
    sessions.close_session(actor=session.cashier, session=session, counted_cash=D("100000"))
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "1")])
    assert error.value.error_code == WaserdaErrorCode.NO_OPEN_SESSION


def test_partial_returns_put_stock_back_and_mirror_the_journal(in_coop):
    product = stocked_product("10", "7000", sell_price=D("10000"))
    session = CashSessionFactory()
    sale = sell(session, [(product, "3")])
    line = sale.lines.get()
    first = sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(line.pk, D("1"))])
    assert (first.amount, first.cost) == (D("10000.00"), D("7000.00"))
    with pytest.raises(WaserdaError) as error:
        sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(line.pk, D("3"))])
    assert error.value.error_code == WaserdaErrorCode.RETURN_TOO_MUCH
    key = uuid.uuid4()
    rest = sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(line.pk, D("2"))], key=key)
    assert sales.record_return(actor=session.cashier, sale=sale, lines=[], key=key).pk == rest.pk
    product.refresh_from_db()
    assert (product.qty_on_hand, product.stock_value) == (D("10"), D("70000.00"))
    assert ledger_balance("sales_waserda") == D("0.00") and ledger_balance("cogs") == D("0.00")
    assert ledger_balance("cash") == D("0.00")
    assert Sale.objects.get(pk=sale.pk).returned_total == D("30000.00")
    assert_stock_ties_to_ledger()


def test_closing_a_session_posts_over_or_short_and_freezes_the_z_report(in_coop):
    product = stocked_product("10", "7000", sell_price=D("10000"))
    session = CashSessionFactory()  # float 100,000
    sell(session, [(product, "2")])
    sell(session, [(product, "1")], method="transfer", payment_reference="BRI-1")
    closed = sessions.close_session(actor=session.cashier, session=session, counted_cash=D("119000"))
    assert (closed.expected_cash, closed.difference) == (D("120000.00"), D("-1000.00"))
    assert closed.summary["sale_count"] == 2 and closed.summary["net_sales"] == "30000.00"
    assert ledger_balance("other_expense") == D("1000.00")
    assert ledger_balance("cash") == D("19000.00")
    with pytest.raises(WaserdaError):
        sessions.close_session(actor=session.cashier, session=session, counted_cash=D("0"))


def test_one_open_session_per_cashier(in_coop):
    session = CashSessionFactory()
    with pytest.raises(WaserdaError) as error:
        sessions.open_session(cashier=session.cashier)
    assert error.value.error_code == WaserdaErrorCode.SESSION_ALREADY_OPEN


def test_member_purchases_for_the_portal_and_shu(in_coop):
    member = ActiveMemberFactory()
    product = stocked_product(sell_price=D("10000"), member_price=D("9000"))
    session = CashSessionFactory()
    sale = sell(session, [(product, "2")], member_id=member.pk)
    sell(session, [(product, "1")])
    sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(sale.lines.get().pk, D("1"))])
    purchases = list(selectors.member_purchases(member))
    assert [p.pk for p in purchases] == [sale.pk] and purchases[0].net_amount == D("9000.00")
    today = timezone.localdate()
    assert selectors.member_purchase_totals(today, today) == {member.pk: D("9000.00")}


def test_sale_service_query_count_does_not_grow_with_lines(in_coop, django_assert_max_num_queries):
    products = [stocked_product("10") for _n in range(6)]
    session = CashSessionFactory()
    make_sale(products[0], session=session)  # warm up
    with django_assert_max_num_queries(45) as one:
        sell(session, [(products[0], "1")])
    with django_assert_max_num_queries(45) as six:
        sell(session, [(p, "1") for p in products])
    assert len(six.captured_queries) == len(one.captured_queries)
    assert JournalLine.objects.filter(entry__purpose="pos.sale").count() == 12  # 3 sales × 4 lines


def test_savings_payment_with_the_members_savings_module(in_coop):
    """The real members.savings interface: the charge moves the balance, the sale's entry posts it."""
    from members.savings.models import SavingsAccount, SavingsKind
    from members.savings.products import account_for
    from members.savings.services import deposit

    member = ActiveMemberFactory()
    today = timezone.localdate()
    account = account_for(member, SavingsKind.VOLUNTARY, opened_on=today)
    deposit(account=account, amount=D("50000"), date=today)
    product = stocked_product(sell_price=D("10000"), member_price=D("9000"))
    session = CashSessionFactory()
    sale = sell(session, [(product, "3")], method="savings", member_id=member.pk)
    assert SavingsAccount.objects.get(pk=account.pk).balance == D("23000.00")
    assert lines_balance("voluntary_savings", party_type="members.Member", party_id=member.pk) == D("-23000.00")
    with pytest.raises(WaserdaError) as error:
        sell(session, [(product, "3")], method="savings", member_id=member.pk)
    assert error.value.error_code == WaserdaErrorCode.INSUFFICIENT_SAVINGS
    sales.record_return(actor=session.cashier, sale=sale, lines=[ReturnLineInput(sale.lines.get().pk, D("1"))])
    assert SavingsAccount.objects.get(pk=account.pk).balance == D("32000.00")
    assert lines_balance("voluntary_savings", party_type="members.Member", party_id=member.pk) == D("-32000.00")
    assert_ledger_balances()


def test_an_offline_sale_below_the_price_in_force_is_flagged_with_the_difference(in_coop):
    """The hole: an offline sale synced at Rp 0 for a Rp 3.500 item was recorded unflagged."""
    from waserda.services.sessions import session_figures

    es = stocked_product("20", "2500", sell_price=D("3500"), member_price=None, name="Es teh")
    session = CashSessionFactory()
    def offline(quantity, price):
        line = LineInput(es.pk, D(quantity), unit_price=D(price))
        return SaleInput(lines=[line], payment_method="cash", session_id=session.pk, offline=True)

    sale = sales.record_sale(cashier=session.cashier, data=offline("2", "0"))[0]
    assert sale.needs_reconciliation and "below the price of Rp 3.500,00 (Rp 7.000,00 less)" in sale.reconciliation_note
    assert Sale.objects.get(pk=sale.pk).price_shortfall == D("7000.00")
    assert not sales.record_sale(cashier=session.cashier, data=offline("1", "3500"))[0].needs_reconciliation
    flagged = sales.record_sale(cashier=session.cashier, data=offline("1", "2000"))[0]
    assert flagged.needs_reconciliation and "below its cost" not in flagged.reconciliation_note  # below the price first
    figures = session_figures(session)
    assert figures["price_shortfall"] == "8500.00" and figures["flagged_sales"] == 2
