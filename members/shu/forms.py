"""Forms of the SHU pages: the year's rule (pools, capital, patronage sources), approval, posting, payout."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField
from koperasi.core.widgets import IsoDateInput
from members.savings.models import SavingsKind
from members.shu import sources
from members.shu.models import POOL_FIELDS, CapitalBasis, PatronageMode, PayoutMethod


def percent(label) -> AmountField:
    return AmountField(label=label, decimal_places=2, min_value=0, max_value=100)


class RuleForm(forms.Form):
    """The pools in percent (they must make 100), what counts as capital and how, and each registered
    patronage source: counted or not, its share of jasa usaha (split) or its weight (pooled)."""

    capital_kinds = forms.MultipleChoiceField(
        label=_("Savings counted as capital"), widget=forms.CheckboxSelectMultiple,
        choices=[(k, label) for k, label in SavingsKind.choices if k != SavingsKind.TERM],
    )  # fmt: skip
    capital_basis = forms.ChoiceField(label=_("Capital measured as"), choices=CapitalBasis.choices)
    patronage_mode = forms.ChoiceField(label=_("Patronage sources"), choices=PatronageMode.choices)
    include_leavers = forms.BooleanField(label=_("Members who left during the year share pro rata"), required=False)

    def __init__(self, *args, rule, **kwargs):
        counted = {row["key"]: row for row in rule.sources}
        initial = {name: getattr(rule, name) for name, _label in POOL_FIELDS}
        initial |= {"capital_kinds": rule.capital_kinds, "capital_basis": rule.capital_basis,
                    "patronage_mode": rule.patronage_mode, "include_leavers": rule.include_leavers}  # fmt: skip
        for key in sources.registered():
            row = counted.get(key)
            initial |= {f"{key}_on": row is not None, f"{key}_percent": Decimal(row["percent"]) if row else 0,
                        f"{key}_weight": Decimal(row["weight"]) if row else 1}  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        pools = {name: percent(label) for name, label in POOL_FIELDS}
        self.fields = {**pools, **self.fields}
        for key, source in sources.registered().items():
            self.fields[f"{key}_on"] = forms.BooleanField(label=source.label, required=False)
            self.fields[f"{key}_percent"] = percent(_("its share of jasa usaha (%, when split)"))
            self.fields[f"{key}_percent"].required = False
            self.fields[f"{key}_weight"] = AmountField(label=_("its weight (when pooled)"), decimal_places=2,
                                                       min_value=0, required=False)  # fmt: skip

    def rule_fields(self) -> dict:
        data = self.cleaned_data
        chosen = [
            {"key": key, "percent": data.get(f"{key}_percent") or 0, "weight": data.get(f"{key}_weight") or 1}
            for key in sources.registered()
            if data.get(f"{key}_on")
        ]
        fields = {name: data[name] for name, _label in POOL_FIELDS}
        return fields | {"capital_kinds": data["capital_kinds"], "capital_basis": data["capital_basis"],
                         "patronage_mode": data["patronage_mode"], "include_leavers": data["include_leavers"],
                         "sources": chosen}  # fmt: skip


class ApproveForm(forms.Form):
    rat_date = forms.DateField(label=_("RAT date"), widget=IsoDateInput())
    minutes_reference = forms.CharField(label=_("RAT minutes reference"), max_length=100)


class PostForm(forms.Form):
    on = forms.DateField(label=_("Posting date"), widget=IsoDateInput())


class PayForm(forms.Form):
    on = forms.DateField(label=_("Paid on"), widget=IsoDateInput())
    method = forms.ChoiceField(label=_("Paid by"), choices=PayoutMethod.choices)
