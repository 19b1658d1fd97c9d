"""The journal entries the waserda posts, all through ``post_entry`` (templates: docs/accounting.md).

* POS sale (sale / ``pos.sale``), one entry of two pairs: Dr Kas (cash), Bank (transfer, QRIS), Piutang
  usaha (member; credit) or Simpanan sukarela (member; savings) / Cr Penjualan waserda (WSD); and its
  cost, Dr HPP (WSD) / Cr Persediaan barang dagangan, at moving-average cost.
* sale return (return / ``pos.return``): the mirror of both pairs, for what came back, in one entry.
* member pays shop credit (credit payment / ``pos.credit_payment``): Dr Kas / Bank, Cr Piutang usaha (member).
* goods receipt (receipt / ``purchase.receipt``): Dr Persediaan / Cr Hutang usaha (supplier), or Kas / Bank;
  goods sold short are revalued at the receipt's cost (``stock.cost_correction``: Persediaan against HPP).
* supplier payment (payment / ``purchase.payment``): Dr Hutang usaha (supplier) / Cr Kas or Bank.
* stock count (count / ``stock.adjustment``): Selisih persediaan against Persediaan (shortage / surplus).
* cash session over / short (session / ``pos.session_close``): Dr Kas / Cr Pendapatan lain-lain (over),
  Dr Beban lain-lain / Cr Kas (short).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from koperasi.ledger.models import JournalEntry
from koperasi.ledger.services import Line, Posting, post_entry, prepare_posting

ZERO = Decimal("0")
WASERDA_UNIT = "WSD"

PAYMENT_ACCOUNTS = {
    "cash": "cash",
    "transfer": "bank",
    "qris": "bank",
    "credit": "accounts_receivable",
    "savings": "voluntary_savings",
}
SETTLEMENT_ACCOUNTS = {"cash": "cash", "bank": "bank", "credit": "accounts_payable"}
MEMBER_ACCOUNTS = frozenset({"accounts_receivable", "voluntary_savings"})


@dataclass(frozen=True)
class Pair:
    """``Dr debit / Cr credit amount`` inside an entry (sides swapped for a negative amount; left out for zero)."""

    debit: str
    credit: str
    amount: Decimal
    debit_party: object = None
    credit_party: object = None
    debit_unit: int | str | None = None
    credit_unit: int | str | None = None

    def lines(self) -> list[Line]:
        if self.amount == 0:
            return []
        if self.amount < 0:
            return Pair(
                self.credit,
                self.debit,
                -self.amount,
                self.credit_party,
                self.debit_party,
                self.credit_unit,
                self.debit_unit,
            ).lines()
        return [
            Line(self.debit, debit=self.amount, party=self.debit_party, business_unit=self.debit_unit),
            Line(self.credit, credit=self.amount, party=self.credit_party, business_unit=self.credit_unit),
        ]


def post_pairs(
    *, date: datetime.date, source, purpose: str, memo: str, pairs: list[Pair], actor=None
) -> JournalEntry | None:
    """Post several pairs as one entry (nothing when every amount is zero)."""
    posting = pairs_posting(date=date, source=source, purpose=purpose, memo=memo, pairs=pairs, actor=actor)
    return posting.run() if posting is not None else None


def pairs_posting(
    *, date: datetime.date, source, purpose: str, memo: str, pairs: list[Pair], actor=None
) -> Posting | None:
    """:func:`post_pairs` prepared, not run (``None`` when every amount is zero)."""
    lines = [line for pair in pairs for line in pair.lines()]
    if not lines:
        return None
    return prepare_posting(date=date, source=source, purpose=purpose, memo=memo, actor=actor, lines=lines)


def post_pair(
    *,
    date: datetime.date,
    source,
    purpose: str,
    memo: str,
    debit: str,
    credit: str,
    amount: Decimal,
    actor=None,
    debit_party=None,
    credit_party=None,
    debit_unit: int | str | None = None,
    credit_unit: int | str | None = None,
) -> JournalEntry | None:
    """Post ``Dr debit / Cr credit amount`` (sides swapped for a negative amount; nothing for zero)."""
    if amount == 0:
        return None
    if amount < 0:
        debit, credit, debit_party, credit_party = credit, debit, credit_party, debit_party
        debit_unit, credit_unit, amount = credit_unit, debit_unit, -amount
    return post_entry(
        date=date,
        source=source,
        purpose=purpose,
        memo=memo,
        actor=actor,
        lines=[
            Line(debit, debit=amount, party=debit_party, business_unit=debit_unit),
            Line(credit, credit=amount, party=credit_party, business_unit=credit_unit),
        ],
    )
