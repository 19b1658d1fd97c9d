"""Forms of the dashboards and the scorecard setup: recomputing a month, a measure with its scoring bands
(a row per band, the way Tables 3.1–3.4 of seed 003 print them), and a value entered with its evidence."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField
from koperasi.ledger.fiscal import Month
from performance.models import MANUAL, ScorecardMeasure
from performance.scorecard_sources import DATA_SOURCES

BAND_ROWS = 4


class RecomputeForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=7, help_text=_("YYYY-MM, e.g. 2026-03"))

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(_("Give a month as YYYY-MM, e.g. 2026-03.")) from error


def source_choices() -> list[tuple[str, str]]:
    return [(MANUAL, str(_("Entered by hand with evidence"))), *((k, str(s.label)) for k, s in DATA_SOURCES.items())]


def _number(field: str) -> AmountField:
    return AmountField(label=field, required=False, decimal_places=4, max_digits=16)


class MeasureForm(forms.ModelForm):
    """A measure and up to four scoring bands (score, from, to; empty bounds are open)."""

    source = forms.ChoiceField(label=_("Value from"), choices=source_choices)
    target = AmountField(label=_("Target"), decimal_places=4, max_digits=14)
    weight = AmountField(label=_("Weight in its perspective"), decimal_places=2, max_digits=6, initial=1)

    class Meta:
        model = ScorecardMeasure
        fields = ["code", "name", "perspective", "source", "unit", "target", "direction", "target_inclusive",
                  "weight", "position", "is_active"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bands = list(self.instance.bands or []) if self.instance else []
        for i in range(BAND_ROWS):
            band = bands[i] if i < len(bands) else {}
            self.fields[f"band{i}_score"] = _number(_("Score"))
            self.fields[f"band{i}_lower"] = _number(_("From"))
            self.fields[f"band{i}_upper"] = _number(_("To"))
            self.fields[f"band{i}_lower_inclusive"] = forms.BooleanField(label=_("from included"), required=False)
            self.fields[f"band{i}_upper_inclusive"] = forms.BooleanField(label=_("to included"), required=False)
            if band:
                self.initial |= {
                    f"band{i}_score": band.get("score"), f"band{i}_lower": band.get("lower"),
                    f"band{i}_upper": band.get("upper"),
                    f"band{i}_lower_inclusive": band.get("lower_inclusive", True),
                    f"band{i}_upper_inclusive": band.get("upper_inclusive", False),
                }  # fmt: skip
            else:
                self.initial.setdefault(f"band{i}_lower_inclusive", True)

    def main_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith("band")]

    def band_rows(self) -> list[list]:
        names = ("score", "lower", "upper", "lower_inclusive", "upper_inclusive")
        return [[self[f"band{i}_{name}"] for name in names] for i in range(BAND_ROWS)]

    def clean(self):
        data = super().clean()
        bands = []
        for i in range(BAND_ROWS):
            score = data.get(f"band{i}_score")
            if score is None:
                continue
            lower, upper = data.get(f"band{i}_lower"), data.get(f"band{i}_upper")
            bands.append({
                "score": str(score.normalize()),
                "lower": None if lower is None else str(lower.normalize()),
                "upper": None if upper is None else str(upper.normalize()),
                "lower_inclusive": bool(data.get(f"band{i}_lower_inclusive")),
                "upper_inclusive": bool(data.get(f"band{i}_upper_inclusive")),
            })  # fmt: skip
        self.instance.bands = bands
        return data


class EntryForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = AmountField(label=_("Value"), decimal_places=4, max_digits=16)
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=300,
        help_text=_("The document the value rests on, e.g. 'Notulen RAT 2014, p. 3'."),
    )
