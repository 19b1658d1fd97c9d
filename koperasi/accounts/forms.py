import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from koperasi.accounts import throttling

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
