from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    if _wants_json(request):
        return JsonResponse({"detail": "Server error.", "code": "server_error", "errors": {}}, status=500)
    return render(request, "500.html", status=500)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (API docs, PDFs opened inline). The
    static URL is looked up per request: in production it names the collected, hashed file."""
    return redirect(static("img/favicon.svg"), permanent=True)
