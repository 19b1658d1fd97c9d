from django import forms
from django.contrib.auth.forms import AuthenticationForm

from koperasi.accounts import throttling


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
