"""Forms of the member pages (thin: the services validate and write)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.core.widgets import IsoDateInput
from members.importing import MAX_FILE_BYTES
from members.loans.conventions import (
    DayCount,
    Frequency,
    GraceKind,
    InstalmentRounding,
    RateConversion,
    RatePeriod,
    Rounding,
    RoundingMode,
)
from members.loans.models import (
    DAY_COUNT_CHOICES,
    FREQUENCY_CHOICES,
    GRACE_KIND_CHOICES,
    INSTALMENT_ROUNDING_CHOICES,
    METHOD_CHOICES,
    RATE_CONVERSION_CHOICES,
    RATE_PERIOD_CHOICES,
    ROUNDING_CHOICES,
    ROUNDING_MODE_CHOICES,
)
from members.loans.schedule import MAX_TERM_PERIODS
from members.models import EDITABLE_FIELDS, Member, MemberStatus, Occupation
from members.validators import decode_nik

DATE = IsoDateInput()


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        formfield_callback = money_formfield
        fields = EDITABLE_FIELDS
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 16}),
            "birth_date": DATE,
            "join_date": DATE,
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }
        help_texts = {
            "farmer_group": _("Name of the farmer group (kelompok tani), if any."),
            "sex": _("Left empty, it is read from the NIK."),
            "birth_date": _("Left empty, it is read from the NIK."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The NIK encodes both (digits 7–12: DDMMYY, 40 added to the day for women): staff may leave them
        # empty and the NIK fills them; clean() asks for them only when the NIK cannot.
        for name in ("sex", "birth_date"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        info = decode_nik(data.get("nik") or "")
        for name, derived in (("sex", info and info.sex), ("birth_date", info and info.birth_date)):
            if name in self.fields and not data.get(name) and name not in self.errors:
                if derived:
                    data[name] = derived
                else:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, NIK or member number"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *MemberStatus.choices])
    occupation = forms.ChoiceField(label=_("Occupation"), required=False, choices=[("", _("All")), *Occupation.choices])


class AdmitForm(forms.Form):
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)


class ExitForm(forms.Form):
    exit_date = forms.DateField(label=_("Exit date"), widget=DATE)
    exit_reason = forms.CharField(
        label=_("Reason"), max_length=300, help_text=_("For example: moved away, resigned, deceased.")
    )
    offset_loans = forms.BooleanField(
        label=_("Settle outstanding loans from the savings"),
        required=False,
        help_text=_("Otherwise the savings are paid out in full and the loans stay outstanding."),
    )


class LinkUserForm(forms.Form):
    email = forms.EmailField(
        label=_("Member's e-mail address"),
        max_length=254,
        help_text=_("The member gets a link to open their portal with their own account."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Member file (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class LoanSimulationForm(forms.Form):
    """A prospective loan; the rate is entered in percent, as people say it (1.5 % per month)."""

    amount = AmountField(label=_("Loan amount (Rp)"), min_value=Decimal(1), max_digits=16)
    term_periods = forms.IntegerField(label=_("Number of instalments"), min_value=1, max_value=MAX_TERM_PERIODS)
    frequency = forms.ChoiceField(
        label=_("Instalments"), choices=FREQUENCY_CHOICES, initial=Frequency.MONTHLY, required=False
    )
    rate_percent = forms.DecimalField(
        label=_("Interest rate (%)"), min_value=Decimal(0), max_value=Decimal(100), max_digits=7, decimal_places=4
    )
    rate_period = forms.ChoiceField(label=_("Rate per"), choices=RATE_PERIOD_CHOICES, initial=RatePeriod.MONTH)
    rate_conversion = forms.ChoiceField(
        label=_("Rate conversion"), choices=RATE_CONVERSION_CHOICES, initial=RateConversion.NOMINAL, required=False
    )
    method = forms.ChoiceField(label=_("Interest method"), choices=METHOD_CHOICES)
    day_count = forms.ChoiceField(
        label=_("Day count"), choices=DAY_COUNT_CHOICES, initial=DayCount.THIRTY_360, required=False
    )
    grace_periods = forms.IntegerField(label=_("Grace periods"), min_value=0, initial=0, required=False)
    grace_kind = forms.ChoiceField(
        label=_("In the grace period"), choices=GRACE_KIND_CHOICES, initial=GraceKind.INTEREST_ONLY, required=False
    )
    balloon_percent = forms.DecimalField(
        label=_("Balloon: share paid with the last instalment (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=7,
        decimal_places=4,
        help_text=_("100 for a bullet loan."),
    )
    principal_months = forms.MultipleChoiceField(
        label=_("Principal paid only in these months (seasonal)"),
        required=False,
        choices=[(str(month), name) for month, name in MONTHS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to repay principal every month; fishermen might choose April to October."),
    )
    disbursement_date = forms.DateField(label=_("Paid out on"), required=False, widget=DATE)
    first_due_date = forms.DateField(label=_("First due date"), required=False, widget=DATE)
    rounding = forms.ChoiceField(label=_("Rounding"), choices=ROUNDING_CHOICES, initial=Rounding.WHOLE_RUPIAH)
    rounding_mode = forms.ChoiceField(
        label=_("Rounding mode"), choices=ROUNDING_MODE_CHOICES, initial=RoundingMode.HALF_UP, required=False
    )
    instalment_multiple = AmountField(
        label=_("Instalment rounded to a multiple of (Rp)"), required=False, min_value=Decimal(1), max_digits=16
    )
    instalment_rounding = forms.ChoiceField(
        label=_("Instalment rounded"),
        choices=INSTALMENT_ROUNDING_CHOICES,
        initial=InstalmentRounding.UP,
        required=False,
    )
    fees_percent = forms.DecimalField(
        label=_("Fees withheld (% of the amount)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=7,
        decimal_places=4,
    )
    monthly_income = AmountField(label=_("Monthly income (Rp)"), required=False, min_value=Decimal(0), max_digits=16)
    max_ratio_percent = forms.DecimalField(
        label=_("Maximum instalment / income (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(30),
    )

    # Conventions left out take the usual ones (a link from before they existed, an API-like query).
    DEFAULTED = ("frequency", "rate_conversion", "day_count", "grace_kind", "rounding_mode", "instalment_rounding")

    def clean(self):
        cleaned = super().clean()
        for name in self.DEFAULTED:
            cleaned[name] = cleaned.get(name) or self.fields[name].initial
        term, grace = cleaned.get("term_periods"), cleaned.get("grace_periods") or 0
        if term and grace >= term:
            self.add_error("grace_periods", _("The grace period must be shorter than the term."))
        if cleaned.get("principal_months") and not cleaned.get("first_due_date"):
            self.add_error("first_due_date", _("A seasonal schedule needs the first due date."))
        return cleaned
