"""Forms of the processing pages: Indonesian number input, one row added at a time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField
from koperasi.core.widgets import IsoDateInput
from koperasi.ledger.models import BusinessUnit
from processing.models import (
    Allocation,
    CreditAccount,
    InputKind,
    LabourAccount,
    Plant,
    Product,
    ProductionLine,
    WageBasis,
    Worker,
)
from procurement.models import RawMaterial, RawMaterialLot


def quantity(label, required: bool = True) -> AmountField:
    return AmountField(label=label, required=required, decimal_places=3, min_value=0)


class PlantForm(forms.ModelForm):
    overhead_rate = AmountField(label=_("Overhead (% of direct cost)"), decimal_places=4, min_value=0, required=False)

    class Meta:
        model = Plant
        fields = ["name", "location", "business_unit", "overhead_rate", "hours_per_hok", "labour_account"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = BusinessUnit.objects.order_by("code")
        self.fields["business_unit"].initial = BusinessUnit.objects.filter(code="OLH").first()
        self.fields["labour_account"].choices = LabourAccount.choices

    def clean_overhead_rate(self):
        percent = self.cleaned_data.get("overhead_rate")
        return (percent or 0) / 100


class LineForm(forms.ModelForm):
    capacity_per_month = quantity(_("Capacity per month (output unit)"))

    class Meta:
        model = ProductionLine
        fields = ["plant", "name", "product", "capacity_per_month", "working_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plant"].queryset = Plant.objects.order_by("name")
        self.fields["product"].queryset = Product.objects.order_by("name")


class WorkerForm(forms.ModelForm):
    wage = AmountField(label=_("Wage (Rp)"), min_value=0)

    class Meta:
        model = Worker
        fields = ["plant", "name", "kind", "member", "wage_basis", "wage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plant"].queryset = Plant.objects.order_by("name")
        self.fields["member"].widget = forms.HiddenInput()


class ProductForm(forms.ModelForm):
    list_price = AmountField(label=_("List price per unit (Rp)"), min_value=0)

    class Meta:
        model = Product
        fields = ["code", "name", "unit", "list_price"]


class RecipeForm(forms.Form):
    """A recipe as most plants write one: a principal raw material, the main product and up to two
    by-products, one other input, standard labour."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    material = forms.ModelChoiceField(label=_("Principal raw material"), queryset=RawMaterial.objects.none())
    material_quantity = quantity(_("Raw material per batch"))
    output_quantity = quantity(_("Main product per batch (standard yield)"))
    by_product_1 = forms.ModelChoiceField(label=_("By-product"), queryset=Product.objects.none(), required=False)
    by_product_1_quantity = quantity(_("By-product per batch"), required=False)
    by_product_2 = forms.ModelChoiceField(label=_("Second by-product"), queryset=Product.objects.none(), required=False)
    by_product_2_quantity = quantity(_("Second by-product per batch"), required=False)
    other_name = forms.CharField(label=_("Other input (fuel, packaging …)"), max_length=100, required=False)
    other_cost = AmountField(label=_("Its standard cost per batch (Rp)"), min_value=0, required=False)
    standard_labour_hok = quantity(_("Standard labour (HOK per batch)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        products = Product.objects.filter(is_active=True).order_by("name")
        for name in ("product", "by_product_1", "by_product_2"):
            self.fields[name].queryset = products
        self.fields["material"].queryset = RawMaterial.objects.filter(is_active=True).order_by("name")


class PlanBatchForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Line"), queryset=ProductionLine.objects.none())
    planned_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    scale = AmountField(label=_("Batches of the recipe (1 = standard)"), decimal_places=3, min_value=0, initial=1)
    allocation = forms.ChoiceField(label=_("Share the cost"), choices=Allocation.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = ProductionLine.objects.filter(is_active=True).select_related("plant")


class InputForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Raw material"), queryset=RawMaterial.objects.none())
    quantity = quantity(_("Quantity"))
    lot = forms.IntegerField(label=_("Lot no. (empty: oldest first)"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = RawMaterial.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        number = data.get("lot")
        if number:
            data["lot"] = RawMaterialLot.objects.filter(pk=number).first()
            if data["lot"] is None:
                self.add_error("lot", _("No such lot."))
        return data


class LabourForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=Worker.objects.none(), required=False)
    description = forms.CharField(label=_("Work"), max_length=100, required=False)
    people = forms.IntegerField(label=_("People"), min_value=1, initial=1)
    hours = quantity(_("Hours each"))
    wage = AmountField(label=_("Wage (Rp, empty: the worker's)"), min_value=0, required=False)
    wage_basis = forms.ChoiceField(label=_("Wage per"), choices=WageBasis.choices)

    def __init__(self, *args, plant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = Worker.objects.filter(plant=plant, is_active=True).order_by("name")


class OtherInputForm(forms.Form):
    name = forms.CharField(label=_("Other input"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=InputKind.choices)
    quantity = quantity(_("Quantity"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    cost = AmountField(label=_("Cost (Rp)"), min_value=0)
    credit_account = forms.ChoiceField(label=_("Credited to"), choices=CreditAccount.choices)


class OutputForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = quantity(_("Quantity"))
    grade = forms.CharField(label=_("Quality"), max_length=50, required=False)
    is_main = forms.BooleanField(label=_("Main product"), required=False)
    price = AmountField(label=_("Price per unit for the cost share (empty: list price)"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True).order_by("name")


class DayForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=IsoDateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class TraceForm(forms.Form):
    q = forms.CharField(label=_("Lot FG-… or delivery ST-…"), max_length=20)
