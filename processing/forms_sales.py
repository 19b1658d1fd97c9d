"""Forms of the sales pages: customers, orders, delivery notes, invoices and payments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField
from koperasi.core.widgets import IsoDateInput
from members.form_fields import MemberField
from processing.forms import quantity
from processing.models import Customer, CustomerKind, FinishedGoodsLot, PaymentAccount, Product, SalesOrderLine


class CustomerForm(forms.ModelForm):
    member = MemberField(required=False, label=_("Member (for a member customer)"))

    class Meta:
        model = Customer
        fields = ["name", "kind", "member", "tax_number", "address", "phone", "payment_days"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == CustomerKind.MEMBER and not data.get("member"):
            self.add_error("member", _("Choose the member who buys."))
        if data.get("kind") != CustomerKind.MEMBER:
            data["member"] = None
        return data


def _products():
    return Product.objects.filter(is_active=True).order_by("name")


class OrderLineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = quantity(_("Quantity"))
    unit_price = AmountField(label=_("Price per unit (Rp, excl. PPN)"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = _products()


class OrderForm(OrderLineForm):
    """A new order with its first line (more lines are added on the order's page)."""

    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    ordered_on = forms.DateField(label=_("Order date"), widget=IsoDateInput())
    is_patronage = forms.BooleanField(label=_("Counts as patronage for SHU (member customers)"), required=False)
    reference = forms.CharField(label=_("Customer's reference (PO no.)"), max_length=60, required=False)

    field_order = ["customer", "ordered_on", "product", "quantity", "unit_price", "is_patronage", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(is_active=True).order_by("name")


class ShipForm(forms.Form):
    """Ship everything still to ship (oldest lots first), or one line's quantity, from a chosen lot."""

    shipped_on = forms.DateField(label=_("Shipping date"), widget=IsoDateInput())
    vehicle = forms.CharField(label=_("Vehicle / container"), max_length=60, required=False)
    order_line = forms.ModelChoiceField(label=_("Only this line (empty: everything left)"), required=False,
                                        queryset=SalesOrderLine.objects.none())  # fmt: skip
    quantity = quantity(_("Quantity (with a line)"), required=False)
    lot = forms.CharField(label=_("Lot FG-… (empty: oldest first)"), max_length=12, required=False)

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        line_field = self.fields["order_line"]
        line_field.queryset = SalesOrderLine.objects.filter(order=order).select_related("product")
        line_field.label_from_instance = lambda line: f"{line.product.name} ({line.to_ship.normalize():f} left)"

    def clean(self):
        data = super().clean()
        text = (data.get("lot") or "").strip().upper().removeprefix("FG-").lstrip("0")
        data["lot"] = None
        if text:
            data["lot"] = FinishedGoodsLot.objects.filter(pk=int(text)).first() if text.isdigit() else None
            if data["lot"] is None:
                self.add_error("lot", _("No such lot."))
        if data.get("order_line") and not data.get("quantity"):
            self.add_error("quantity", _("Say how much of the line to ship."))
        return data


class InvoiceForm(forms.Form):
    issued_on = forms.DateField(label=_("Invoice date"), widget=IsoDateInput())
    due_on = forms.DateField(label=_("Due (empty: the customer's terms)"), widget=IsoDateInput(), required=False)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=IsoDateInput())
    amount = AmountField(label=_("Amount (Rp)"), min_value=0)
    account = forms.ChoiceField(label=_("Received in"), choices=PaymentAccount.choices, initial=PaymentAccount.BANK)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
