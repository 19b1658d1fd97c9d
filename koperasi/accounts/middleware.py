"""The session's idle timeout and the second-factor gate, for every request after authentication."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koperasi.accounts import login_state
from koperasi.accounts.selectors import requires_two_factor

# Reachable before the second factor is passed: the pages of that step, logging out, the language
# switch, static files and the health check.
OPEN_PREFIXES = ("/static/", "/healthz", "/favicon.ico")
OPEN_URL_NAMES = ("accounts:two-factor", "accounts:logout", "accounts:login", "set_language")


def duration_text(seconds: int) -> str:
    """8 hours, 90 minutes: how long the idle timeout is, in words."""
    minutes = max(1, seconds // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class SessionIdleMiddleware:
    """A logged-in session unused for ``SESSION_IDLE_SECONDS`` ends: the user is logged out and sent to
    the login page with a message saying why (an API call made with that session is then anonymous)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            idle = login_state.idle_seconds(session)
            if idle is not None and idle > settings.SESSION_IDLE_SECONDS:
                logout(request)
                if not request.path.startswith("/api/"):
                    duration = duration_text(settings.SESSION_IDLE_SECONDS)
                    messages.warning(
                        request,
                        _("Your session ended after %(duration)s without activity. Please log in again.")
                        % {"duration": duration},
                    )
                    return redirect_to_login(request.get_full_path())
            else:
                login_state.touch(session)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Platform admins, managers and assessors who logged in with their password reach nothing but the
    second-factor page (set up the authenticator app, or type its code) until they pass it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session or login_state.is_verified(session) or login_state.known_not_required(session):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return self.get_response(request)
        if not requires_two_factor(request.user):
            login_state.mark_not_required(session)
            return self.get_response(request)
        if self._is_open(request.path):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            body = {
                "detail": _("Finish logging in with the code of your authenticator app first."),
                "code": "two_factor_required",
                "errors": {},
            }
            return JsonResponse(body, status=403)
        return redirect(f"{reverse('accounts:two-factor')}?{urlencode({'next': request.get_full_path()})}")

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        return path.startswith(OPEN_PREFIXES) or path in self._open_paths
