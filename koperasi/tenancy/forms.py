from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from koperasi.accounts.models import User
from koperasi.core.widgets import IsoDateInput
from koperasi.tenancy.models import ASSIGNABLE_ROLES, Cooperative

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


class CooperativeForm(forms.ModelForm):
    manager = forms.CharField(
        label=_("First manager (username or email)"),
        required=False,
        help_text=_("Gets the manager role; an unknown email address receives an invitation."),
    )

    class Meta:
        model = Cooperative
        fields = [
            "name",
            "slug",
            "kind",
            "legal_entity_number",
            "address",
            "province",
            "regency",
            "established_on",
            "fiscal_year_start_month",
            "ppn_rate",
            "logo",
            "is_active",
        ]
        widgets = {"established_on": IsoDateInput(), "address": forms.Textarea({"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ppn_rate"].required = False  # left empty: not a PKP

    def clean_ppn_rate(self):
        return self.cleaned_data.get("ppn_rate") or 0

    def clean_logo(self):
        """At most 1 MB, and a PNG, JPEG or WebP picture (ImageField has checked that Pillow reads it)."""
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "image"):  # nothing new uploaded
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        if logo.image.format not in LOGO_FORMATS:
            raise forms.ValidationError(_("The logo must be a PNG, JPEG or WebP picture."))
        return logo


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The role is given when its owner opens the link we send there and accepts."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ASSIGNABLE_ROLES, initial="staff")


class InvitedAccountForm(UserCreationForm):
    """A new account for an invited address (the address comes from the invitation)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name")


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ASSIGNABLE_ROLES)


class AssessorForm(forms.Form):
    identifier = forms.CharField(label=_("Assessor (username or email)"), max_length=254)
    valid_from = forms.DateField(label=_("Valid from"), widget=IsoDateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=IsoDateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of the period must not be before its start."))
        return cleaned


class CooperativeEditForm(CooperativeForm):
    class Meta(CooperativeForm.Meta):
        fields = [name for name in CooperativeForm.Meta.fields if name != "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["manager"]
