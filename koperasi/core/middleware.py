"""Middleware of the whole site."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from koperasi.core.background import UNAVAILABLE, BackgroundUnavailable

logger = logging.getLogger(__name__)


class RequestSizeMiddleware:
    """A request whose body is too large is answered 413 before anything reads it: an API request over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` in the API's error format (Django's own refusal is a 400 HTML page),
    a page's form or upload over ``UPLOAD_MAX_BYTES`` (the largest file a form takes is 5 MB) with a
    plain message, so a huge upload is neither written to disk nor parsed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size = _content_length(request)
        if request.path.startswith("/api/"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and size > limit:
                body = {"detail": _too_large(limit), "code": "request_too_large", "errors": {}}
                return JsonResponse(body, status=413)
        elif size > settings.UPLOAD_MAX_BYTES:
            message = _too_large(settings.UPLOAD_MAX_BYTES)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _too_large(limit: int) -> str:
    return _("The request is too large (at most %(mb)s MB).") % {"mb": round(limit / 1_000_000, 1)}


class NullCharacterMiddleware:
    """A query string carrying a NUL character is answered 400: PostgreSQL cannot store or compare
    one, so a filter or lookup fed with it would fail as a server error. (Form and API fields refuse
    it already, through Django's and DRF's own null-character validators.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            message = _("The address contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "invalid", "errors": {}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# No inline or foreign scripts: a script can come only from this site's own files. Styles may be
# inline (receipts and printed pages carry their own); nothing may frame the site.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy above with every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class LanguageMiddleware:
    """Pages speak the user's chosen language, else the language chosen on this browser with the
    switch (its cookie), else the site's default — never the browser's Accept-Language, because an
    Indonesian cooperative's phones and PCs often run in English while their users read Bahasa."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    for language in (
        getattr(user, "language", "") if user is not None and user.is_authenticated else "",
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ):
        if language in available:
            return language
    return settings.LANGUAGE_CODE


# What the database driver raises while PostgreSQL is down, restarting or unreachable.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException) -> bool:
    """Whether ``error`` says PostgreSQL cannot be reached. Besides the errors above, psycopg2 reports a
    server that closed the connection in the middle of a query as a plain ``DatabaseError`` ("server
    closed the connection unexpectedly"): that one counts when the connection is closed indeed, never
    its subclasses (an integrity or data error is the request's own fault)."""
    if isinstance(error, DATABASE_UNAVAILABLE):
        return True
    if type(error) is DatabaseError:
        raw = connections[DEFAULT_DB_ALIAS].connection
        return raw is None or bool(getattr(raw, "closed", False))
    return False


RETRY_AFTER_SECONDS = 30


class ServiceUnavailableMiddleware:
    """While PostgreSQL cannot be reached (restart, failover), a page answers 503 with a plain page that says so
    in Bahasa Indonesia (and English) and the API a JSON 503, both with ``Retry-After``, instead of a 500; a
    transaction cut off by the outage was rolled back by PostgreSQL, so nothing is half-written. When the
    broker cannot take background work (``koperasi.core.background``) the API answers 503 likewise.

    It sits right after the authentication middleware and loads the session's user itself, the first
    query of most requests, so an outage is caught here before the language middleware would meet it.
    The connection is checked before reuse (``CONN_HEALTH_CHECKS``), so once PostgreSQL is back the next
    request reconnects: no restart of the app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018 - loads the session and the user
        except DatabaseError as error:
            if not is_database_outage(error):
                raise
            return database_unavailable(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return database_unavailable(request, exception)
        if isinstance(exception, BackgroundUnavailable):
            return service_unavailable(request, "background_unavailable", str(UNAVAILABLE))
        return None


def database_unavailable(request, error: Exception) -> HttpResponse:
    logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
    connection_ = connections[DEFAULT_DB_ALIAS]
    if connection_.connection is not None and not connection_.is_usable():
        connection_.close()
    detail = _("The database cannot be reached at the moment. Nothing was saved from this request; try again soon.")
    return service_unavailable(request, "database_unavailable", detail)


def service_unavailable(request, code: str, detail: str) -> HttpResponse:
    """A 503 that needs neither the database nor the user: JSON under /api/, else the plain 503 page."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail, "code": code, "errors": {}}, status=503)
    else:
        page = render_to_string("503.html", {"code": code})
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
        response.headers["Content-Language"] = "id"
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
