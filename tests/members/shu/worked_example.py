"""The literature's worked example as a cooperative's books (tests of the SHU services and pages)."""

import datetime
from decimal import Decimal

from koperasi.ledger.services import Line, close_year, post_entry
from members.savings.models import SavingsKind
from members.shu import services
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.procurement import MemberSupplierFactory, coconut, delivery

D = Decimal
YEAR = 2025
RAT = datetime.date(2026, 3, 20)


def build_year() -> dict:
    """Members A, B, C: savings (pokok + wajib) Rp 5.000.000, Rp 200.000 and none at the year's end;
    coconuts delivered worth Rp 1.200.000, Rp 100.000 and Rp 3.900.000; a year's surplus of Rp 5.200.000."""
    a, b, c = (ActiveMemberFactory(name=name) for name in ("Asep", "Budi", "Cucu"))
    for member, amount in ((a, "5000000"), (b, "200000")):
        funded_account(amount, member=member, kind=SavingsKind.MANDATORY, day=datetime.date(YEAR, 3, 1))
    material = coconut(price="1000", valid_from=datetime.date(YEAR, 1, 1))
    for member, pieces in ((a, "1200"), (b, "100"), (c, "3900")):
        delivery(MemberSupplierFactory(member=member), material, pieces, on=datetime.date(YEAR, 6, 1))
    post_entry(date=datetime.date(YEAR, 12, 31), source=("test.income", 1), purpose="test",
               lines=[Line("cash", debit=D("5200000")), Line("other_income", credit=D("5200000"))])  # fmt: skip
    close_year(actor=None, fiscal_year=YEAR)
    services.save_rule(actor=None, fiscal_year=YEAR, sources=[{"key": "deliveries"}])  # the defaults: 40/20/20/5×4
    return {"a": a, "b": b, "c": c}
