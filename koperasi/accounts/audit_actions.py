"""What each audit action code means, in words a clerk reads.

Events keep their code (``loan.repaid``): it is stable, filterable and what the API takes. Pages and the
API's ``action_label`` show these words instead. Every code the product records has an entry here
(tests/accounts/test_audit_actions.py reads the source for them); an unknown code, from an older
release, shows as itself."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
