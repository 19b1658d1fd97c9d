import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from koperasi.accounts import throttling
from koperasi.accounts.models import User

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
