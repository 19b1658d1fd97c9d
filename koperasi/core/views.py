from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.health import check_broker, check_database


@require_GET
@never_cache
def healthz(request):
    """``{"status": "ok"|"fail", "database": {...}, "broker": {...}}``; 503 when anything is down."""
    database, broker = check_database(), check_broker()
    healthy = database["ok"] and broker["ok"]
    body = {"status": "ok" if healthy else "fail", "database": database, "broker": broker}
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
def home(request):
    """The start page: the user's cooperatives (or straight into the only one)."""
    from koperasi.tenancy.views import my_cooperatives

    return my_cooperatives(request)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found", "errors": {}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, or the 503 one when what failed was reaching the database (say, in a middleware)."""
    from koperasi.core.middleware import database_unavailable, is_database_outage

    error = sys.exc_info()[1]
    if error is not None and is_database_outage(error):
        return database_unavailable(request, error)
    if _wants_json(request):
        return JsonResponse({"detail": "Server error.", "code": "server_error", "errors": {}}, status=500)
    return render(request, "500.html", status=500)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (API docs, PDFs opened inline). The
    static URL is looked up per request: in production it names the collected, hashed file."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_POST
def set_language(request):
    """The language switch: Django's own view (cookie, safe redirect), and the choice is kept on the
    user so it follows them to every device they log in from."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
