from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from koperasi.accounts import throttling


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to even check the password while the login is locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts. Try again in %(minutes)s minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip_address = throttling.client_ip(self.request) if self.request else None
        if throttling.is_locked(username, ip_address):
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": throttling.lockout_minutes()}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_failure(username, ip_address)
            raise
        throttling.clear_failures(username, ip_address)
        return cleaned
