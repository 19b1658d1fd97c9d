"""Every write of money or membership leaves an audit event: a walk through the main services of savings,
loans, credit lines, SHU, the shop, supply and the ledger, after which every business document has an
event of its own, every movement is on its document's trail, and every journal entry can be traced to an
event (its own, or — for the POS sale, posted inside the sale's own statement — its document's)."""

import datetime
from decimal import Decimal

import pytest

from koperasi.accounts.audit_actions import ACTION_LABELS
from koperasi.accounts.models import AuditEvent
from koperasi.ledger.models import JournalEntry
from koperasi.ledger.services import reverse_entry
from koperasi.tenancy.context import current_cooperative_id
from members import services as member_services
from members.credit_lines.models import CreditLine, CreditLineMovement
from members.credit_lines.services import draw, open_credit_line
from members.loans.models import Loan, LoanRepayment
from members.loans.repayments import repay_loan
from members.models import Member, Sex
from members.savings import services as savings
from members.savings.models import SavingsAccount, SavingsTransaction
from members.shu.models import ShuDistribution
from members.validators import make_nik
from procurement.models import Delivery, PaymentRun
from tests.factories.accounts import UserFactory
from tests.factories.ledger import post_simple
from tests.factories.members import disbursed_loan, funded_account
from tests.factories.procurement import PaymentRunFactory
from tests.factories.shu import shared_year
from tests.factories.waserda import make_sale
from waserda.models import Sale

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2026, 1, 20)

# The documents of money and membership, each of which must have an event of its own.
DOCUMENTS = [Member, SavingsAccount, Loan, CreditLine, ShuDistribution, Sale, Delivery, PaymentRun]


def _walk(actor):
    """The services a cooperative's day runs through, each once."""
    birth = datetime.date(1980, 5, 17)
    member = member_services.register_member(
        actor=actor, name="Sri Rahayu", sex=Sex.FEMALE, birth_date=birth,
        nik=make_nik("320410", birth, Sex.FEMALE, 77), join_date=datetime.date(2023, 6, 1),
    )  # fmt: skip
    member = member_services.admit_member(actor=actor, member=member, on=datetime.date(2023, 7, 1))
    shared_year(member)
    account = funded_account("400000.00", member=member, day=DAY)
    savings.withdraw(account=account, amount=D("50000"), date=DAY, actor=actor)
    loan = disbursed_loan("1200000", 12, member=member, on=DAY)
    repay_loan(actor=actor, loan=loan, amount=D("110000"), date=datetime.date(2026, 2, 20))
    line = open_credit_line(actor=actor, member=member, limit=D("5000000"), rate=D("0.18"), on=DAY)
    draw(actor=actor, line=line, amount=D("1000000"), date=DAY)
    make_sale()
    PaymentRunFactory()  # with a delivery
    manual = post_simple("75000.00", actor=actor)
    reverse_entry(manual, date=DAY, reason="salah akun", actor=actor)
    member_services.record_exit(actor=actor, member=_another_member(actor), exit_date=DAY, reason="pindah")


def _another_member(actor):
    birth = datetime.date(1975, 3, 9)
    return member_services.register_member(
        actor=actor, name="Joko Susilo", sex=Sex.MALE, birth_date=birth,
        nik=make_nik("320410", birth, Sex.MALE, 78), join_date=datetime.date(2025, 1, 6),
    )  # fmt: skip


def _traced() -> set[tuple[str, str]]:
    """The documents the cooperative's own events name (a platform event, with no cooperative, does not count)."""
    events = AuditEvent.objects.filter(cooperative_id=current_cooperative_id()).exclude(object_type="")
    return set(events.values_list("object_type", "object_id"))


def test_every_money_and_membership_document_has_an_audit_event(in_coop):
    _walk(UserFactory(username="pengurus"))
    traced = _traced()
    missing = []
    for model in DOCUMENTS:
        rows = list(model.objects.values_list("pk", flat=True))
        assert rows, f"the walk made no {model.__name__}"
        missing += [f"{model._meta.label} {pk}" for pk in rows if (model._meta.label, str(pk)) not in traced]
    assert missing == []


def test_every_movement_is_on_its_documents_trail(in_coop):
    _walk(UserFactory(username="pengurus"))
    on_accounts = set(
        AuditEvent.objects.filter(object_type="members.SavingsAccount", after__has_key="transaction").values_list(
            "after__transaction", flat=True
        )
    )
    assert set(SavingsTransaction.objects.values_list("pk", flat=True)) <= on_accounts
    for repayment in LoanRepayment.objects.all():
        assert AuditEvent.objects.filter(object_type="members.Loan", object_id=str(repayment.loan_id),
                                         action="loan.repaid").exists()  # fmt: skip
    for movement in CreditLineMovement.objects.all():
        assert AuditEvent.objects.filter(object_type="members.CreditLine", object_id=str(movement.line_id),
                                         after__movement=movement.pk).exists()  # fmt: skip


def test_every_journal_entry_is_traced_to_an_event(in_coop):
    _walk(UserFactory(username="pengurus"))
    traced = _traced()
    untraced = [
        entry.display_number
        for entry in JournalEntry.objects.all()
        if ("ledger.JournalEntry", str(entry.pk)) not in traced and (entry.source_type, entry.source_id) not in traced
    ]
    assert JournalEntry.objects.count() > 10
    assert untraced == []


def test_a_posted_entry_names_who_posted_it_and_what_and_a_replay_adds_no_event(in_coop):
    actor = UserFactory(username="bendahara")
    entry = post_simple("125000.00", actor=actor, source=("tests.event", "once"))
    again = post_simple("125000.00", actor=actor, source=("tests.event", "once"))
    assert again.pk == entry.pk
    (event,) = AuditEvent.objects.filter(object_type="ledger.JournalEntry", object_id=str(entry.pk))
    assert (event.action, event.actor) == ("ledger.entry_posted", actor)
    assert event.after == {"number": entry.display_number, "date": "2026-01-15", "source": "tests.event:once",
                           "purpose": "test", "total": "125000.00"}  # fmt: skip


def test_every_event_of_the_walk_reads_as_words(in_coop):
    """The trail shows words, not codes: each action the walk recorded (the dynamic ones too — a credit
    line's draw, a loan's approval) has its label."""
    _walk(UserFactory(username="pengurus"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"credit_line.draw", "loan.repaid", "savings.withdrawal", "ledger.entry_reversed"} <= actions
    assert sorted(code for code in actions if code not in ACTION_LABELS) == []
