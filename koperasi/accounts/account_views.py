"""The account's own pages: the second step of logging in (set up the authenticator app, or type its
code), the security page (its state, new recovery codes; a platform admin resets another user's app)
and the API tokens page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.accounts import login_state, services, throttling, totp
from koperasi.accounts.forms import ApiTokenForm, ResetTwoFactorForm, SecondFactorForm
from koperasi.accounts.models import ApiToken, TotpDevice
from koperasi.accounts.selectors import confirmed_device, requires_two_factor, unused_recovery_codes
from koperasi.tenancy.access import object_view, platform_admin_required

ISSUER = "Koperasi ERP"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _passed(request: HttpRequest) -> None:
    request.session.cycle_key()  # a new session id for the now fully logged-in session
    login_state.mark_verified(request.session)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """After the password: type the app's code (or a recovery code), or set the app up first."""
    next_url = _next_url(request)
    user = request.user
    if login_state.is_verified(request.session) or not requires_two_factor(user):
        return redirect(next_url)
    if confirmed_device(user) is None:
        return _enrol(request, next_url)
    form = SecondFactorForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = services.check_second_factor(user, form.cleaned_data["code"], throttling.client_address(request))
        if check.passed:
            _passed(request)
            return redirect(next_url)
        if not check.throttled:
            form.add_error(
                "code", _("This code is not right, or it was used already. Type the code your app shows now.")
            )
        if check.wait:
            form.add_error("code", throttling.retry_message(check.wait))
    status = 429 if check is not None and check.throttled else 200
    response = render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=status)
    if status == 429:
        response["Retry-After"] = str(check.wait)
    return response


def _enrol(request: HttpRequest, next_url: str) -> HttpResponse:
    user = request.user
    device = services.start_enrolment(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_enrolment(
            user, form.cleaned_data["code"], ip_address=throttling.client_address(request) or None
        )
        if codes is not None:
            _passed(request)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", _("This code is not right. Type the code your app shows now for Koperasi ERP."))
    context = {"form": form, "next": next_url, **_enrolment_context(device, user)}
    return render(request, "accounts/two_factor_enrol.html", context)


def _enrolment_context(device: TotpDevice, user) -> dict:
    uri = totp.provisioning_uri(device.secret, user.get_username(), ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    grouped = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return {"qr_svg": mark_safe(svg), "secret": grouped}  # noqa: S308  (segno's own SVG of our URI)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's second factor: required or not, set up since when, recovery codes left."""
    user = request.user
    device = confirmed_device(user)
    if request.method == "POST" and request.POST.get("action") == "recovery-codes" and device is not None:
        codes = services.regenerate_recovery_codes(user, ip_address=throttling.client_address(request) or None)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": request.path})
    context = {
        "required": requires_two_factor(user),
        "device": device,
        "recovery_left": unused_recovery_codes(user) if device else 0,
        "reset_form": ResetTwoFactorForm() if user.is_superuser else None,
    }
    return render(request, "accounts/security.html", context)


@require_POST
@platform_admin_required
def reset_two_factor(request: HttpRequest) -> HttpResponse:
    """A platform admin removes a user's authenticator app (a lost phone); they set up a new one at
    their next login."""
    form = ResetTwoFactorForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["username"]
        services.reset_two_factor(target, actor=request.user, ip_address=throttling.client_address(request) or None)
        messages.success(
            request,
            _("The two-factor login of %(user)s was reset: they set up their app again at their next login.")
            % {"user": target.get_username()},
        )
    else:
        messages.error(request, " ".join(form.errors.get("username", [])))
    return redirect("accounts:security")


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: make one (its key is shown once), see when each was last used, revoke."""
    form = ApiTokenForm(request.POST or None, initial={"days": settings.API_TOKEN_DAYS})
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = services.create_api_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
        services.record_event(
            "api_token", actor=request.user, obj=token, ip_address=throttling.client_address(request) or None
        )
        form = ApiTokenForm(initial={"days": settings.API_TOKEN_DAYS})
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
@login_required
@object_view(ApiToken)
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token, actor=request.user, ip_address=throttling.client_address(request) or None)
    messages.success(request, _("The token %(name)s was revoked: it no longer works.") % {"name": token.name})
    return redirect("accounts:api-tokens")
