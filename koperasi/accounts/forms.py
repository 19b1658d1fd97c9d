import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from koperasi.accounts import selectors, throttling
from koperasi.accounts.audit_actions import action_label
from koperasi.accounts.models import User
from koperasi.core.widgets import IsoDateInput

logger = logging.getLogger(__name__)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to even check the password while this username must wait
    (``retry_after``: the seconds left, for the view's 429 and ``Retry-After``)."""

    retry_after = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        client = throttling.client_address(self.request) if self.request else ""
        wait = throttling.wait_seconds(username, client)
        if wait:
            self.retry_after = wait
            raise forms.ValidationError(throttling.retry_message(wait), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            wait = throttling.record_failure(username, client)
            if wait:  # say at once when the next try is possible
                raise forms.ValidationError([error, throttling.retry_message(wait)]) from error
            raise
        throttling.clear_failures(username, client)
        return cleaned


class PasswordResetByMailForm(PasswordResetForm):
    """Django's password-reset form; a mail server that fails is logged, never an error page (the
    page says the same for every address, so it cannot tell whether the mail left either)."""

    def send_mail(self, *args, **kwargs):
        try:
            super().send_mail(*args, **kwargs)
        except Exception:  # any mail failure
            logger.exception("password-reset mail failed")


class AuditFilterForm(forms.Form):
    """The filters of a cooperative's audit trail (all optional, sent by GET)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    actor = forms.TypedChoiceField(label=_("Actor"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Everyone")), *((u.pk, str(u)) for u in selectors.actors(cooperative))]
        actions = sorted(((code, action_label(code)) for code in selectors.actions(cooperative)), key=lambda a: a[1])
        self.fields["action"].choices = [("", _("All actions")), *actions]
        self.fields["object_type"].choices = [
            ("", _("All objects")),
            *((label, selectors.type_label(label)) for label in selectors.object_types(cooperative)),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data

    def filters(self):
        """The selector's filters; nothing narrows the trail while the form has errors."""
        if not self.is_valid():
            return selectors.AuditFilters()
        data = self.cleaned_data
        return selectors.AuditFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            actor_id=data["actor"],
            action=data["action"],
            object_type=data["object_type"],
        )


class SecondFactorForm(forms.Form):
    """The code of the authenticator app (6 digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class ResetTwoFactorForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)

    def clean_username(self):
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No user has this username."))
        return user


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the POS tablet."))
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=365, help_text=_("It stops working after that.")
    )
