"""An audit event in words a clerk reads: what each action code means, and its change summary's keys and
values.

Events keep their code (``loan.repaid``): it is stable, filterable and what the API takes. Pages and the
API's ``action_label`` show these words instead. Every code the product records has an entry here
(tests/accounts/test_audit_actions.py reads the source for them); an unknown code, from an older
release, shows as itself. The ``before``/``after`` summaries keep their keys and text values too; pages
show them through :func:`change_rows`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koperasi.core.templatetags.formatting import tanggal
from koperasi.money import format_number_id

ACTION_LABELS = {
    # sign-in and accounts
    "login": _("Signed in"),
    "two_factor_enrolled": _("Authenticator app set up"),
    "two_factor_reset": _("Authenticator app reset"),
    "recovery_code_used": _("Recovery code used"),
    "recovery_codes_regenerated": _("New recovery codes made"),
    "api_token": _("API token made"),
    "api_token_revoked": _("API token revoked"),
    "data.exported": _("Data exported"),
    # the cooperative and its people
    "cooperative.created": _("Cooperative registered"),
    "cooperative.updated": _("Cooperative details changed"),
    "role.granted": _("Role granted"),
    "role.changed": _("Role changed"),
    "role.deactivated": _("Role ended"),
    "role.invited": _("Invitation sent"),
    "role.invitation_accepted": _("Invitation accepted"),
    # members
    "member.registered": _("Member registered"),
    "member.imported": _("Members imported"),
    "member.admitted": _("Member admitted"),
    "member.updated": _("Member details changed"),
    "member.exited": _("Member left"),
    "member.user_linked": _("Member linked to a login"),
    # savings
    "savings.product_saved": _("Savings product saved"),
    "savings.tax_rule_added": _("Interest tax rule added"),
    "savings.account_opened": _("Savings account opened"),
    "savings.deposit": _("Savings deposit"),
    "savings.withdrawal": _("Savings withdrawal"),
    "savings.term_deposit_opened": _("Term deposit opened"),
    "savings.term_deposit_matured": _("Term deposit matured"),
    "savings.term_deposit_rolled_over": _("Term deposit rolled over"),
    "savings.term_deposit_closed": _("Term deposit closed"),
    # loans and credit lines
    "loan.product_saved": _("Loan product saved"),
    "loan.applied": _("Loan applied for"),
    "loan.approved": _("Loan approved"),
    "loan.rejected": _("Loan rejected"),
    "loan.disbursed": _("Loan disbursed"),
    "loan.repaid": _("Loan repayment"),
    "loan.written_off": _("Loan written off"),
    "credit_line.opened": _("Credit line opened"),
    "credit_line.draw": _("Credit line drawn"),
    "credit_line.repayment": _("Credit line repaid"),
    "credit_line.interest": _("Credit line interest billed"),
    # SHU
    "shu.rule_saved": _("SHU rules saved"),
    "shu.draft_computed": _("SHU draft computed"),
    "shu.approved": _("SHU approved"),
    "shu.posted": _("SHU posted"),
    # ledger
    "ledger.account_added": _("Account added"),
    "ledger.account_deleted": _("Account deleted"),
    "ledger.entry_posted": _("Journal entry posted"),
    "ledger.entry_reversed": _("Journal entry reversed"),
    "ledger.asset_registered": _("Fixed asset registered"),
    "ledger.fiscal_year_opened": _("Fiscal year opened"),
    "ledger.period_closed": _("Period closed"),
    "ledger.period_reopened": _("Period reopened"),
    "ledger.year_closed": _("Fiscal year closed"),
    # waserda
    "waserda.product_created": _("Shop product added"),
    "waserda.price_changed": _("Shop price changed"),
    "waserda.session_opened": _("Till opened"),
    "waserda.session_closed": _("Till closed"),
    "waserda.sale": _("Shop sale"),
    "waserda.sale_returned": _("Shop sale returned"),
    "waserda.sale_reconciled": _("Shop sale reconciled"),
    "waserda.order_created": _("Purchase order made"),
    "waserda.order_status": _("Purchase order status changed"),
    "waserda.goods_received": _("Goods received"),
    "waserda.bill_recorded": _("Supplier bill recorded"),
    "waserda.bill_paid": _("Supplier bill paid"),
    "waserda.count_posted": _("Stock count posted"),
    # supply network
    "procurement.supplier_registered": _("Supplier registered"),
    "procurement.supplier_saved": _("Supplier details changed"),
    "procurement.price_rule_added": _("Purchase price rule added"),
    "procurement.delivery_recorded": _("Delivery recorded"),
    "procurement.delivery_reversed": _("Delivery reversed"),
    "procurement.deliveries.imported": _("Deliveries imported"),
    "procurement.run_created": _("Payment run drafted"),
    "procurement.run_approved": _("Payment run approved"),
    "procurement.run_paid": _("Payment run paid"),
    "procurement.run_discarded": _("Payment run discarded"),
    "procurement.season": _("Season saved"),
    "procurement.plan_from_history": _("Supply plan drawn from history"),
    "procurement.channel.create": _("Marketing channel added"),
    "procurement.observation.save": _("Price observation saved"),
    "procurement.observation.delete": _("Price observation deleted"),
    # processing
    "processing.plant_created": _("Plant added"),
    "processing.plant_changed": _("Plant changed"),
    "processing.productionline_created": _("Production line added"),
    "processing.productionline_changed": _("Production line changed"),
    "processing.worker_created": _("Worker added"),
    "processing.worker_changed": _("Worker changed"),
    "processing.product_created": _("Processed product added"),
    "processing.product_changed": _("Processed product changed"),
    "processing.customer_created": _("Customer added"),
    "processing.customer_changed": _("Customer changed"),
    "processing.recipe_created": _("Recipe made"),
    "processing.batch_planned": _("Production batch planned"),
    "processing.batch_finished": _("Production batch finished"),
    "processing.batch_cancelled": _("Production batch cancelled"),
    "processing.order_created": _("Sales order made"),
    "processing.order_cancelled": _("Sales order cancelled"),
    "processing.shipped": _("Goods shipped"),
    "processing.invoiced": _("Invoice issued"),
    "processing.invoice_paid": _("Invoice paid"),
    # performance
    "performance.rating_started": _("Rating started"),
    "performance.rating_submitted": _("Rating submitted"),
    "performance.scorecard_measure_saved": _("Scorecard measure saved"),
    "performance.scorecard_value_entered": _("Scorecard value entered"),
}


def action_label(code: str) -> str:
    """The words for an action code; the code itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


# The keys of the change summaries the services write; a model field of the event's document names the
# others (a member's ``phone``: its verbose name), else the key shows as itself.
FIELD_LABELS = {
    "account": _("account"),
    "admitted_on": _("admitted on"),
    "amount": _("amount"),
    "balance": _("balance"),
    "balance_after": _("balance after"),
    "base": _("base price"),
    "buy": _("buy price"),
    "code": _("code"),
    "cost": _("cost"),
    "costs": _("cost items"),
    "count": _("count"),
    "counted": _("counted"),
    "cooperative": _("cooperative"),
    "customer": _("customer"),
    "date": _("date"),
    "day_count": _("day count"),
    "device": _("authenticator app"),
    "difference": _("difference"),
    "drawn_after": _("drawn after"),
    "effective_from": _("effective from"),
    "email": _("email"),
    "entry": _("journal entry"),
    "evidence": _("evidence"),
    "exit_date": _("exit date"),
    "exit_reason": _("exit reason"),
    "expected": _("expected"),
    "fees": _("fees"),
    "file": _("file"),
    "fiscal_year": _("fiscal year"),
    "from_allowance": _("from the allowance"),
    "grade": _("grade"),
    "gross": _("gross"),
    "instalments": _("instalments"),
    "interest": _("interest"),
    "is_active": _("active"),
    "kind": _("kind"),
    "life_months": _("useful life (months)"),
    "limit": _("limit"),
    "lines": _("lines"),
    "material": _("material"),
    "maturity_date": _("maturity date"),
    "measure": _("measure"),
    "member": _("member"),
    "member_no": _("member number"),
    "member_price": _("member price"),
    "members": _("members"),
    "method": _("payment method"),
    "minutes": _("RAT minutes"),
    "months": _("months"),
    "movement": _("movement"),
    "name": _("name"),
    "note": _("note"),
    "number": _("number"),
    "numbers": _("numbers"),
    "on": _("date"),
    "opening_float": _("opening float"),
    "order": _("order"),
    "parent": _("parent"),
    "payment_method": _("payment method"),
    "penalty": _("penalty"),
    "principal": _("principal"),
    "product": _("product"),
    "purpose": _("purpose"),
    "quantity": _("quantity"),
    "rat_date": _("RAT date"),
    "rate": _("rate"),
    "rating": _("rating"),
    "reason": _("reason"),
    "receipts": _("receipts"),
    "recipe": _("recipe"),
    "return": _("return"),
    "reversal": _("reversal"),
    "reversal_of": _("reversal of"),
    "role": _("role"),
    "rollover": _("rollover"),
    "sell": _("sell price"),
    "sell_price": _("sell price"),
    "shortage": _("shortage"),
    "sku": _("SKU"),
    "slug": _("slug"),
    "source": _("source"),
    "stage": _("stage"),
    "stages": _("stages"),
    "status": _("status"),
    "supplier": _("supplier"),
    "suppliers": _("suppliers"),
    "surplus": _("surplus"),
    "term_periods": _("term (periods)"),
    "term_started_on": _("term started on"),
    "threshold": _("threshold"),
    "total": _("total"),
    "total_cost": _("total cost"),
    "transaction": _("transaction"),
    "type": _("type"),
    "user": _("user"),
    "username": _("username"),
    "valid_from": _("valid from"),
    "valid_until": _("valid until"),
    "value": _("value"),
    "version": _("version"),
    "via": _("via"),
    "year": _("year"),
}
_DECIMAL = re.compile(r"-?\d+\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def model_of_label(label: str) -> type[models.Model] | None:
    """The model an event's ``object_type`` names (``members.Member``), or None when there is none."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def field_label(key: str, model: type[models.Model] | None = None) -> str:
    """A summary key in words: ours, else the document's field of that name, else the key."""
    label = FIELD_LABELS.get(key)
    if label is None and model is not None:
        try:
            label = model._meta.get_field(key).verbose_name
        except FieldDoesNotExist:
            label = None
    return capfirst(str(label)) if label is not None else key


def shown_value(value: Any) -> str:
    """A summary value as pages show figures: ``"250000.00"`` → ``250.000,00``, ``"2026-01-10"`` →
    ``10 Jan 2026``, yes/no for booleans, ``—`` for nothing; anything else as text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return format_number_id(Decimal(value), len(value.partition(".")[2]))
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return tanggal(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def change_rows(values: Mapping[str, Any] | None, model: type[models.Model] | None = None) -> list[tuple[str, str]]:
    """An event's ``before`` or ``after`` as (words, value) pairs, in the summary's order."""
    return [(field_label(key, model), shown_value(value)) for key, value in (values or {}).items()]
